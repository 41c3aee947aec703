"""A worker killed mid-task loses nothing: every task is acknowledged only after it finished
and given back to the broker when its worker dies, so another worker runs it again."""

from klushuis.celery import app


def test_every_task_is_acknowledged_late_and_given_back_when_its_worker_dies():
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert len(ours) > 10
    for name, task in ours.items():
        assert task.acks_late is True, name
        assert task.reject_on_worker_lost is True, name
    assert app.conf.worker_prefetch_multiplier == 1
