"""Batch print jobs survive their worker: heartbeats, lost jobs taken up again or failed, restart, lock errors."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from papers import batch, runner
from papers.models import PrintJob, WorkerHeartbeat
from papers.runner import print_job_run
from papers.selectors import worker_state
from papers.services import (
    FAILED_WORKER_LOST,
    MAX_ATTEMPTS,
    print_job_request,
    print_job_restart,
    print_jobs_recover,
    worker_beat,
    worker_stopped,
)
from tests.factories import user_with_role
from tests.reports import test_printing  # noqa: F401  (registers the "test_notice" kind)
from tests.reports.conftest import city_user


@pytest.fixture
def small_city(db):
    from reports.synthetic_city import build_city

    return build_city(groups=3, households=2, name="Ba tổ bền")


def _running(job: PrintJob, *, worker_id="w-dead", ago: int = 120, attempts: int = 1) -> PrintJob:
    """The job as a worker that then died left it: running, its last heartbeat `ago` seconds old."""
    DBTaskResult.objects.filter(pk=job.task_result_id).update(status="RUNNING", worker_ids=[worker_id])
    beat = timezone.now() - timedelta(seconds=ago)
    PrintJob.objects.filter(pk=job.pk).update(
        status=PrintJob.Status.RUNNING, worker_id=worker_id, heartbeat_at=beat, started_at=beat, attempts=attempts,
        done=1, printed=1,
    )  # fmt: skip
    job.refresh_from_db()
    return job


def test_lost_job_is_taken_up_again_from_the_start(small_city):
    user = city_user(small_city)
    job = _running(print_job_request(user=user, campaign=small_city.campaigns.get(), kind="test_notice"))
    old_task = job.task_result_id
    assert print_jobs_recover() == [job.pk]
    job.refresh_from_db()
    assert job.status == PrintJob.Status.QUEUED
    assert (job.done, job.printed, job.worker_id, job.heartbeat_at) == (0, 0, "", None)
    assert job.task_result_id != old_task
    assert DBTaskResult.objects.get(pk=old_task).status == "FAILED"
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == "READY"
    assert AuditEntry.objects.filter(event="print_job.resumed", object_id=str(job.pk)).exists()
    # Taken up once only: a second look finds nothing lost.
    assert print_jobs_recover() == []
    # The next worker prints it to the end.
    done = print_job_run(job_id=job.pk, worker_id="w-next")
    assert done.status == PrintJob.Status.DONE and done.attempts == 2 and done.printed == 2


def test_fresh_heartbeat_is_not_lost(small_city):
    job = print_job_request(user=city_user(small_city), campaign=small_city.campaigns.get(), kind="test_notice")
    _running(job, ago=3)
    assert print_jobs_recover() == []
    assert PrintJob.objects.get(pk=job.pk).status == PrintJob.Status.RUNNING


def test_job_lost_too_often_fails_in_plain_words_and_can_be_restarted(small_city, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = city_user(small_city)
    job = _running(
        print_job_request(user=user, campaign=small_city.campaigns.get(), kind="test_notice"), attempts=MAX_ATTEMPTS
    )
    assert print_jobs_recover() == [job.pk]
    job.refresh_from_db()
    assert job.status == PrintJob.Status.FAILED and job.failure == FAILED_WORKER_LOST
    assert AuditEntry.objects.filter(event="print_job.failed", object_id=str(job.pk)).exists()

    client = client_for(user)
    html = client.get(reverse("reports:print_job", args=[job.pk])).content.decode()
    assert "Việc in bị gián đoạn nhiều lần vì dịch vụ in nền ngừng hoạt động" in html
    assert reverse("reports:print_job_restart", args=[job.pk]) in html and "In lại" in html
    assert "manage.py" not in html and "hx-trigger" not in html

    response = client.post(reverse("reports:print_job_restart", args=[job.pk]))
    assert response["Location"] == reverse("reports:print_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == PrintJob.Status.QUEUED and job.attempts == 0 and job.failure == ""
    assert AuditEntry.objects.filter(event="print_job.restarted", object_id=str(job.pk), actor=user).exists()
    assert print_job_run(job_id=job.pk, worker_id="w").status == PrintJob.Status.DONE
    # Only a failed job restarts; others on another ward get 404.
    with pytest.raises(DomainError):
        print_job_restart(user=user, job=job)
    from reports.synthetic_city import build_city

    stranger = city_user(build_city(groups=1, households=1, name="Phường lạ"))
    assert client_for(stranger).post(reverse("reports:print_job_restart", args=[job.pk])).status_code == 404


def test_run_stops_when_its_job_was_taken_up_elsewhere(small_city, settings, tmp_path, monkeypatch):
    """A worker thought dead that comes back must not finish (or overwrite) the job another worker now runs."""
    settings.MEDIA_ROOT = tmp_path
    job = print_job_request(user=city_user(small_city), campaign=small_city.campaigns.get(), kind="test_notice")
    real = batch.produce

    def produce_then_lose(kind, election, options):
        # While the first group renders, the job is given up and claimed by worker B.
        PrintJob.objects.filter(pk=job.pk).update(worker_id="w-B")
        return real(kind, election, options)

    monkeypatch.setattr(batch, "produce", produce_then_lose)
    result = print_job_run(job_id=job.pk, worker_id="w-A")
    assert result.status == PrintJob.Status.RUNNING and result.worker_id == "w-B"
    assert not result.file and result.done == 0
    assert not list(tmp_path.rglob("*.pdf"))


def test_writes_wait_out_a_locked_database(monkeypatch):
    monkeypatch.setattr(runner.time, "sleep", lambda seconds: None)
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return "written"

    assert runner._retry_on_lock(flaky) == "written" and len(calls) == 3
    with pytest.raises(OperationalError):
        runner._retry_on_lock(lambda: (_ for _ in ()).throw(OperationalError("no such table: x")))


def test_worker_loop_survives_a_locked_database(monkeypatch, db):
    """django_tasks_db's loop raises on a lock outside its claim; the worker waits and goes on instead of dying."""
    from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker

    from papers import worker as worker_module

    runs = []

    def run_once(self):
        runs.append(1)
        if len(runs) == 1:
            raise OperationalError("database is locked")

    monkeypatch.setattr(DatabaseWorker, "run", run_once)
    monkeypatch.setattr(worker_module.time, "sleep", lambda seconds: None)
    # Closing the connection would end the test's own transaction (PostgreSQL).
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker_module.Heartbeat, "start", lambda self: None)
    monkeypatch.setattr(worker_module.Heartbeat, "join", lambda self, timeout=None: None)
    worker = worker_module.SurvivingWorker(
        heartbeat_seconds=5, queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="w-lock", excluded_queue_names=[],
    )  # fmt: skip
    worker.run()
    assert len(runs) == 2


def test_heartbeat_marks_the_running_job_and_the_worker(small_city):
    requested = print_job_request(user=city_user(small_city), campaign=small_city.campaigns.get(), kind="test_notice")
    job = _running(requested, worker_id="w-1", ago=20)
    worker_beat(worker_id="w-1", hostname="may-1", pid=42, started_at=timezone.now(), task_result_id=job.task_result_id)
    job.refresh_from_db()
    assert (timezone.now() - job.heartbeat_at).total_seconds() < 5
    state = worker_state()
    assert state.alive and state.age_seconds < 30
    [row] = state.workers
    assert (row.hostname, row.pid, row.state, row.job_id) == ("may-1", 42, "working", job.pk)
    worker_stopped(worker_id="w-1")
    assert worker_state().workers[0].state == "stopped" and not worker_state().alive
    WorkerHeartbeat.objects.update(stopped_at=None, seen_at=timezone.now() - timedelta(minutes=5))
    state = worker_state()
    assert not state.alive and state.age_seconds >= 300 and state.workers[0].state == "silent"


def test_print_page_shows_the_worker_to_the_administrator_only(small_city, client_for):
    url = reverse("reports:print_jobs")
    official = client_for(city_user(small_city)).get(url).content.decode()
    assert "Dịch vụ in nền hiện không chạy" in official  # no worker ever ran
    assert "Tín hiệu gần nhất" not in official and "manage.py" not in official
    worker_beat(worker_id="w-9", hostname="may-9", pid=9, started_at=timezone.now(), task_result_id=None)
    assert "Dịch vụ in nền hiện không chạy" not in client_for(city_user(small_city)).get(url).content.decode()
    admin = user_with_role(Role.ADMIN, ward=small_city)
    html = client_for(admin).get(url).content.decode()
    assert "Dịch vụ in nền" in html and "may-9" in html and "đang chờ lượt in" in html


def test_queued_job_page_says_when_the_worker_is_down(small_city, client_for):
    user = city_user(small_city)
    job = print_job_request(user=user, campaign=small_city.campaigns.get(), kind="test_notice")
    html = client_for(user).get(reverse("reports:print_job_progress", args=[job.pk])).content.decode()
    assert "Dịch vụ in nền hiện không chạy" in html and "manage.py" not in html
    worker_beat(worker_id="w-2", hostname="may", pid=2, started_at=timezone.now(), task_result_id=None)
    html = client_for(user).get(reverse("reports:print_job_progress", args=[job.pk])).content.decode()
    assert "Đang chờ dịch vụ in nền bắt đầu lượt in." in html
