"""`make run` as one command: the web server and the background-task worker, started and stopped together.

The demo's tasks (the semester close, every e-mail) are queued in the database (django_tasks_db) and run by
`manage.py db_worker`; without a worker they would wait forever. `ServeTogether` starts the worker and the
server as children, each in its own process group (so that the autoreloader's child processes go with them),
and stops both when the server stops, when the worker dies, or when it is interrupted (Ctrl-C, SIGTERM,
SIGHUP): no worker is left running behind a stopped demo.

Both children are told the address the server answers on (MASSAR_SITE_URL, unless already set), so that
links in e-mails and on printed slips lead back to this server, whatever its port.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType

STOP_SECONDS = 10.0  # after SIGTERM, how long a child may take to finish before it is killed
POLL_SECONDS = 0.2


class Stop(Exception):
    """Raised in the main thread by the signal handlers: stop the children and leave."""


def demo_site_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def demo_environment(*, port: int, environ: Mapping[str, str]) -> dict[str, str]:
    """The children's environment: the caller's, with MASSAR_SITE_URL set to this server's address unless the
    caller chose one (a demo behind a proxy)."""
    env = dict(environ)
    if not env.get("MASSAR_SITE_URL"):
        env["MASSAR_SITE_URL"] = demo_site_url(port)
    return env


def demo_commands(*, port: int, manage: Path, python: str = sys.executable) -> dict[str, list[str]]:
    """The worker first, so that tasks queued before the server answers are picked up as soon as it starts."""
    return {
        "worker": [python, str(manage), "db_worker"],
        # Notification deliveries that are due (retries after a failure): every minute, as cron does in production.
        "deliveries": [python, str(manage), "notifications_deliver", "--every", "60"],
        # The evening's "homework due tomorrow" reminders (nothing before 18:00, never twice): every ten minutes.
        "reminders": [python, str(manage), "homework_reminders", "--every", "600"],
        "server": [python, str(manage), "runserver", f"127.0.0.1:{port}", "--skip-checks"],
    }


class ServeTogether:
    """Runs `commands` (name → argv, the one named "server" decides when it ends) and stops them all together."""

    def __init__(self, commands: Mapping[str, Sequence[str]], *, env: Mapping[str, str] | None = None,
                 out=None) -> None:
        self.commands = dict(commands)
        self.env = dict(env) if env is not None else None
        self.out = out or sys.stderr
        self.children: dict[str, subprocess.Popen] = {}

    def start(self) -> None:
        for name, argv in self.commands.items():
            # A session of its own: the child's own children (autoreloaders) are in its group, and stop with it.
            # Our own commands (demo_commands), not input from anybody.
            self.children[name] = subprocess.Popen(list(argv), env=self.env,  # noqa: S603
                                                   start_new_session=True)

    def wait(self) -> int:
        """Until a child exits: the server's code, or 1 when another child (the worker) died first."""
        while True:
            for name, child in self.children.items():
                code = child.poll()
                if code is None:
                    continue
                if name == "server":
                    return code
                self.out.write(f"The {name} stopped (exit code {code}): stopping everything.\n")
                return code or 1
            time.sleep(POLL_SECONDS)

    def stop(self) -> None:
        """SIGTERM every child's process group, wait for them, and SIGKILL whatever is still there."""
        running = [child for child in self.children.values() if child.poll() is None]
        for child in self.children.values():
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for child in running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
        for child in self.children.values():
            _signal_group(child, signal.SIGKILL)
            child.wait()

    def run(self) -> int:
        """Start, wait, stop: the whole life of `make run`. Interrupted (Ctrl-C, SIGTERM, SIGHUP), it stops the
        children and returns 0 for Ctrl-C, 128 + the signal otherwise."""
        previous = {number: signal.signal(number, _raise_stop) for number in (signal.SIGTERM, signal.SIGHUP)}
        # Ctrl-C stops us even when started in the background, where the shell hands over SIGINT ignored.
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self.start()
            return self.wait()
        except KeyboardInterrupt:
            return 0
        except Stop as stop:
            return 128 + int(stop.args[0])
        finally:
            # A second Ctrl-C while stopping must not leave a child behind: the children are already told to stop.
            interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
            self.stop()
            signal.signal(signal.SIGINT, interrupt)
            for number, handler in previous.items():
                signal.signal(number, handler)


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise Stop(signum)


def _signal_group(child: subprocess.Popen, number: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the whole group has already ended
        os.killpg(child.pid, number)  # the child leads its session's group: its pid is the group id
