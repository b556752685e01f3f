"""The close page with the close queued for a worker, as in the demo and in production (the other page tests
run it at once): the page says it waits and keeps polling, then shows what the worker reported."""

from django.urls import reverse

from massar.testing.grades import SUBJECTS, Grades
from massar.testing.tasks import DATABASE_TASKS, tasks_run_queued


def test_the_page_follows_a_close_run_by_the_worker(en_client, world, settings):
    settings.TASKS = DATABASE_TASKS
    grades = Grades(world)
    for code in SUBJECTS:
        grades.enter(code, grades.students[0], 1, "13")
    grades.publish(*SUBJECTS)
    en_client.force_login(world.accounts["school_admin"])
    started = en_client.post(reverse("portals:grades_close"), {"target": f"school:{world.school.code}",
                                                               "semester": 1})
    assert started.status_code == 302
    task_id = started["Location"].rstrip("/").rsplit("/", 1)[1]
    status_url = reverse("portals:grades_close_status", args=[task_id])
    waiting = en_client.get(status_url).content.decode()
    assert 'data-state="queued"' in waiting and "Waiting to start" in waiting and 'hx-trigger="every 2s"' in waiting
    tasks_run_queued()
    done = en_client.get(status_url).content.decode()
    assert 'data-state="done"' in done and "every 2s" not in done
    assert "4 / 4" in done.replace('<bdi dir="ltr">', "").replace("</bdi>", "")
