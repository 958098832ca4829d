"""Batch printing: request a job (in the request), queue it, and keep the workers' jobs alive.

The job itself is run by the task worker (`papers.tasks` -> `papers.runner.print_job_run`).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts.access import Action, can, require, visible_wards
from accounts.models import User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError
from papers.batch import SET_KIND, group_kinds, ordered_kinds, ward_kinds
from papers.kinds import get_kind
from papers.models import PrintJob, WorkerHeartbeat
from papers.runner import job_subjects, reset_job, whole_ward
from papers.tasks import run_print_job

logger = logging.getLogger(__name__)

MAX_COPIES = 2000
# A job whose worker disappeared is taken up again this many times in all, then it is marked failed.
MAX_ATTEMPTS = 3

FAILED_WORKER_LOST = gettext_noop(
    "The printing was interrupted several times because the background printing service stopped. "
    "You can start it again; if it fails again, tell the system administrator."
)


def _enqueue(job: PrintJob) -> None:
    """Queue the job's task; called inside the transaction that saves the job, so both commit together and the
    worker never sees a task whose job does not exist yet."""
    result = run_print_job.enqueue(job.pk)
    PrintJob.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()
    logger.info("Batch print job %s queued as task %s.", job.pk, result.id)


def print_job_request(
    *,
    user: User,
    campaign,
    kind: str = "",
    kinds: list[str] | None = None,
    copies: int | None = None,
    party_cell=None,
    group_election=None,
) -> PrintJob:
    """Create a batch print job for every group of the campaign (or of one cell, or one group) and queue it.

    `kind` prints one kind of paper; `kinds` a set of them (bound in the order of the procedure).
    """
    require(user, Action.BATCH_PRINT)
    codes = ordered_kinds(kinds) if kinds else []
    if kinds and len(codes) != len(set(kinds)):
        raise DomainError(_("Papers: this kind of paper cannot be printed."), field="kind")
    if not kinds:
        paper = get_kind(kind)
        if paper is None:
            raise DomainError(_("Papers: this kind of paper cannot be printed."), field="kind")
        codes = [kind]
    # Every code is a registered kind by now (ordered_kinds keeps only those; a single kind was looked up).
    chosen = [paper for paper in map(get_kind, codes) if paper is not None]
    if not all(paper.may_print(user) for paper in chosen):
        # The same rule as printing one group's paper: a batch grants nothing more.
        raise DomainError(_("Papers: your role may not print this kind of paper."), field="kind")
    if not visible_wards(user).filter(pk=campaign.ward_id).exists():
        raise DomainError(_("Campaign: you cannot print for this ward."))
    if party_cell is not None and party_cell.ward_id != campaign.ward_id:
        raise DomainError(_("Party cell: this cell is not in the ward of the campaign."), field="party_cell")
    if group_election is not None and group_election.campaign_id != campaign.pk:
        raise DomainError(_("Group: this group is not in the campaign."), field="group")
    # Lists carry full birth dates only for those allowed to see personal data.
    options: dict = {"full_birth_dates": can(user, Action.VIEW_PERSONAL_DATA)}
    if len(codes) > 1:
        options["kinds"] = codes
    if group_election is not None:
        options["group_election"] = group_election.pk
    if any(paper.takes_copies for paper in chosen):
        if copies is not None and not 1 <= copies <= MAX_COPIES:
            raise DomainError(
                _("Copies per group: give a number from 1 to %(max)s.") % {"max": MAX_COPIES}, field="copies"
            )
        options["copies"] = copies
    job = PrintJob(
        campaign=campaign,
        kind=codes[0] if len(codes) == 1 else SET_KIND,
        options=options,
        party_cell=party_cell,
        requested_by=user,
    )
    if ward_kinds(codes) and not group_kinds(codes) and not whole_ward(job):
        raise DomainError(_("Papers: the ward's plan is printed for the whole ward only."), field="kind")
    job.total = job_subjects(job).count()
    if job.total == 0:
        raise DomainError(_("There is no group to print for."))
    job.full_clean()
    with transaction.atomic():
        job.save()
        audit_log(
            actor=user,
            obj=job,
            event=Event.PRINT_JOB_REQUESTED,
            after={"kind": job.kind, "options": options, "party_cell": party_cell.pk if party_cell else None},
            ward=campaign.ward_id,
        )
        _enqueue(job)
    return job


def print_job_restart(*, user: User, job: PrintJob) -> PrintJob:
    """Start a failed job again from the beginning, as a new run of the same request."""
    require(user, Action.BATCH_PRINT)
    if not visible_wards(user).filter(pk=job.campaign.ward_id).exists():
        raise DomainError(_("Campaign: you cannot print for this ward."))
    with transaction.atomic():
        locked = PrintJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != PrintJob.Status.FAILED:
            raise DomainError(_("Only a job that failed can be started again."))
        before = {"status": locked.status, "failure": locked.failure, "attempts": locked.attempts}
        if locked.file:
            locked.file.delete(save=False)
        reset_job(locked, status=PrintJob.Status.QUEUED)
        locked.attempts = 0
        locked.total = job_subjects(locked).count()
        locked.save()
        audit_log(actor=user, obj=locked, event=Event.PRINT_JOB_RESTARTED, before=before, ward=locked.campaign.ward_id)
        _enqueue(locked)
    return locked


# ------------------------------------------------------------------- heartbeats and lost jobs


def worker_beat(*, worker_id: str, hostname: str, pid: int, started_at, task_result_id: str | None) -> None:
    """A worker says it is alive, and keeps the job it is running marked alive too."""
    now = timezone.now()
    job_id = None
    if task_result_id:
        running = PrintJob.objects.filter(
            task_result_id=task_result_id, status=PrintJob.Status.RUNNING, worker_id=worker_id
        )
        running.update(heartbeat_at=now)
        job_id = running.values_list("pk", flat=True).first()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": hostname[:255], "pid": pid, "seen_at": now, "job_id": job_id, "stopped_at": None},
        create_defaults={
            "hostname": hostname[:255],
            "pid": pid,
            "seen_at": now,
            "job_id": job_id,
            "started_at": started_at,
        },
    )


def worker_stopped(*, worker_id: str) -> None:
    """A worker that shuts down cleanly says so (its state shows "stopped", not "not responding")."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now(), job=None)


def print_jobs_recover(*, stale_after: int | None = None) -> list[int]:
    """Take up again the jobs whose worker stopped giving signs of life; fail those taken up too often.

    Run by every worker every few seconds; row locks (skipped when another worker holds them) make each lost
    job handled once. Returns the ids of the jobs handled.
    """
    stale_after = stale_after if stale_after is not None else settings.WORKER_STALE_SECONDS
    cutoff = timezone.now() - timedelta(seconds=stale_after)
    silent = PrintJob.objects.filter(status=PrintJob.Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    handled: list[int] = []
    if not silent.exists():
        return handled  # the usual case: a read only, no transaction (on SQLite, no write lock)
    with transaction.atomic():
        lost = silent.select_for_update(skip_locked=True, of=("self",)).select_related("campaign")
        for job in lost:
            _give_up_task(job.task_result_id)
            before = {"status": job.status, "worker": job.worker_id, "attempts": job.attempts, "done": job.done}
            if job.attempts < MAX_ATTEMPTS:
                reset_job(job, status=PrintJob.Status.QUEUED)
                job.save()
                _enqueue(job)
                event = Event.PRINT_JOB_RESUMED
                logger.info("Batch print job %s taken up again: its worker stopped giving signs of life.", job.pk)
            else:
                job.status = PrintJob.Status.FAILED
                job.failure = FAILED_WORKER_LOST
                job.finished_at = timezone.now()
                job.save(update_fields=["status", "failure", "finished_at"])
                event = Event.PRINT_JOB_FAILED
                logger.info("Batch print job %s failed: its worker was lost %s times.", job.pk, job.attempts)
            audit_log(
                actor=None,
                obj=job,
                event=event,
                before=before,
                after={"status": job.status},
                ward=job.campaign.ward_id,
                note="worker stopped giving signs of life",
            )
            handled.append(job.pk)
    return handled


def _give_up_task(task_result_id: str) -> None:
    """Mark the lost worker's task row failed, so the queue shows it ended."""
    if not task_result_id:
        return
    DBTaskResult.objects.filter(pk=task_result_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="papers.services.WorkerLost",
        traceback="The worker running this task stopped giving signs of life.",
    )
