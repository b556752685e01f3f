"""`make run` is one command: the server and the task worker start together and stop together, whatever stops
first, and nothing is left behind (the worker's own child processes included)."""

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from massar.demo.serve import ServeTogether, demo_commands, demo_environment

ROOT = Path(__file__).resolve().parents[3]

# A child that starts a grandchild (as the autoreloader does) and writes both process ids, then sleeps.
SLEEPER = textwrap.dedent("""
    import subprocess, sys, time
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    open(sys.argv[1], "w").write(f"{grandchild.pid}")
    time.sleep(60)
""")


def sleeper(pids: Path) -> list[str]:
    return [sys.executable, "-c", SLEEPER, str(pids)]


def exits(code: int, after: float = 0.0) -> list[str]:
    return [sys.executable, "-c", f"import sys, time; time.sleep({after}); sys.exit({code})"]


def wait_for(path: Path) -> int:
    deadline = time.monotonic() + 10
    while not path.exists() or not path.read_text():
        assert time.monotonic() < deadline, f"{path} was never written"
        time.sleep(0.05)
    return int(path.read_text())


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent, here init) has stopped running.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ")[-1].startswith("Z"))


def gone(pid: int) -> bool:
    deadline = time.monotonic() + 10
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_the_children_learn_the_address_the_server_answers_on():
    env = demo_environment(port=8123, environ={"PATH": "/usr/bin"})
    assert env == {"PATH": "/usr/bin", "MASSAR_SITE_URL": "http://127.0.0.1:8123"}
    # A demo behind a proxy keeps the address it was given.
    assert demo_environment(port=8123, environ={"MASSAR_SITE_URL": "https://demo.example"})["MASSAR_SITE_URL"] \
        == "https://demo.example"


def test_the_worker_the_deliveries_and_the_server_are_the_commands():
    commands = demo_commands(port=8123, manage=Path("/repo/manage.py"), python="/py")
    assert commands == {"worker": ["/py", "/repo/manage.py", "db_worker"],
                        "deliveries": ["/py", "/repo/manage.py", "notifications_deliver", "--every", "60"],
                        "reminders": ["/py", "/repo/manage.py", "homework_reminders", "--every", "600"],
                        "server": ["/py", "/repo/manage.py", "runserver", "127.0.0.1:8123", "--skip-checks"]}


def test_when_the_server_stops_the_worker_and_its_children_stop(tmp_path):
    together = ServeTogether({"worker": sleeper(tmp_path / "worker"), "server": exits(3, after=0.5)})
    assert together.run() == 3
    worker = together.children["worker"]
    assert worker.returncode is not None
    assert gone(wait_for(tmp_path / "worker")), "the worker's own child process was left running"


def test_when_the_worker_dies_the_server_stops_too(tmp_path):
    told = io.StringIO()
    together = ServeTogether({"worker": exits(0), "server": sleeper(tmp_path / "server")}, out=told)
    assert together.run() == 1  # a worker that stops is a failure, even with exit code 0
    assert "The worker stopped (exit code 0): stopping everything." in told.getvalue()
    assert together.children["server"].returncode is not None
    assert gone(wait_for(tmp_path / "server"))


def test_ctrl_c_stops_the_server_and_the_worker(tmp_path):
    # Started as `make run &` is: with SIGINT ignored, as a shell starts background jobs.
    script = textwrap.dedent(f"""
        import signal, sys
        from massar.demo.serve import ServeTogether
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        together = ServeTogether({{"worker": {sleeper(tmp_path / "worker")!r}, "server": {sleeper(tmp_path / "server")!r}}})
        code = together.run()
        open({str(tmp_path / "children")!r}, "w").write(" ".join(str(c.pid) for c in together.children.values()))
        sys.exit(code)
    """)
    supervisor = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    grandchildren = [wait_for(tmp_path / "worker"), wait_for(tmp_path / "server")]
    supervisor.send_signal(signal.SIGINT)
    assert supervisor.wait(timeout=20) == 0
    children = [int(pid) for pid in (tmp_path / "children").read_text().split()]
    assert all(gone(pid) for pid in children + grandchildren)


def test_sigterm_stops_the_server_and_the_worker(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from massar.demo.serve import ServeTogether
        sys.exit(ServeTogether({{"worker": {sleeper(tmp_path / "worker")!r},
                                 "server": {sleeper(tmp_path / "server")!r}}}).run())
    """)
    supervisor = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    grandchildren = [wait_for(tmp_path / "worker"), wait_for(tmp_path / "server")]
    supervisor.terminate()
    assert supervisor.wait(timeout=20) == 128 + signal.SIGTERM
    assert all(gone(pid) for pid in grandchildren)


def test_the_server_started_for_port_8123_builds_its_links_on_port_8123(tmp_path):
    environ = {key: value for key, value in os.environ.items() if key != "MASSAR_SITE_URL"}
    seen = tmp_path / "site_url"
    server = [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
              f"open({str(seen)!r}, 'w').write(settings.SITE_URL)"]
    env = {**demo_environment(port=8123, environ=environ), "DJANGO_SETTINGS_MODULE": "config.settings",
           "PYTHONPATH": str(ROOT)}
    assert ServeTogether({"worker": sleeper(tmp_path / "worker"), "server": server}, env=env).run() == 0
    assert seen.read_text() == "http://127.0.0.1:8123"
