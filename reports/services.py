"""Batch printing: request a job (in the request), run it (in the task worker)."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

from accounts.access import Action, can, require, visible_groups, visible_wards
from audit.services import audit_log
from config.errors import DomainError
from reports.batch import SET_KIND, Binder, group_kinds, job_kinds, ordered_kinds, produce_section, ward_kinds
from reports.models import PrintJob, WorkerHeartbeat
from reports.printing import get_kind, kind_label
from reports.tasks import run_print_job

logger = logging.getLogger(__name__)

MAX_COPIES = 2000
# A job whose worker disappeared is taken up again this many times in all, then it is marked failed.
MAX_ATTEMPTS = 3

# Failures are stored untranslated and shown in the reader's language (the template translates them).
FAILED_NOTHING_PRINTED = gettext_noop("No group's paper could be produced.")
FAILED_UNEXPECTED = gettext_noop(
    "The printing stopped because of an unexpected error. You can start it again; "
    "if it fails again, tell the system administrator."
)
FAILED_WORKER_LOST = gettext_noop(
    "The printing was interrupted several times because the background printing service stopped. "
    "You can start it again; if it fails again, tell the system administrator."
)


def _job_group_elections(job: PrintJob):
    from elections.models import GroupElection

    elections = GroupElection.objects.filter(
        campaign=job.campaign, group__in=visible_groups(job.requested_by)
    ).select_related(
        "group", "group__ward", "group__party_cell", "campaign", "campaign__ward", "campaign__legal_profile"
    )
    if job.party_cell_id:
        elections = elections.filter(group__party_cell_id=job.party_cell_id)
    if job.options.get("group_election"):
        elections = elections.filter(pk=job.options["group_election"])
    return elections.order_by("group__code", "pk")


def _whole_ward(job: PrintJob) -> bool:
    return not job.party_cell_id and not job.options.get("group_election")


def _enqueue(job: PrintJob) -> None:
    """Queue the job's task; called inside the transaction that saves the job, so both commit together and the
    worker never sees a task whose job does not exist yet."""
    result = run_print_job.enqueue(job.pk)
    PrintJob.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()


def print_job_request(
    *,
    user,
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
        if paper is None or not paper.available:
            raise DomainError(_("Papers: this kind of paper cannot be printed."), field="kind")
        codes = [kind]
    if not all(get_kind(code).may_print(user) for code in codes):
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
    if any(get_kind(code).takes_copies for code in codes):
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
    if ward_kinds(codes) and not group_kinds(codes) and not _whole_ward(job):
        raise DomainError(_("Papers: the ward's plan is printed for the whole ward only."), field="kind")
    job.total = _job_group_elections(job).count()
    if job.total == 0:
        raise DomainError(_("There is no group to print for."))
    job.full_clean()
    with transaction.atomic():
        job.save()
        audit_log(
            actor=user,
            obj=job,
            event="print_job.requested",
            after={"kind": job.kind, "options": options, "party_cell": party_cell.pk if party_cell else None},
            ward=campaign.ward_id,
        )
        _enqueue(job)
    return job


def print_job_restart(*, user, job: PrintJob) -> PrintJob:
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
        _reset(locked, status=PrintJob.Status.QUEUED)
        locked.attempts = 0
        locked.total = _job_group_elections(locked).count()
        locked.save()
        audit_log(actor=user, obj=locked, event="print_job.restarted", before=before, ward=locked.campaign.ward_id)
        _enqueue(locked)
    return locked


def _reset(job: PrintJob, *, status: str) -> None:
    job.status = status
    job.done = job.printed = job.pages = 0
    job.errors = []
    job.failure = ""
    job.file = ""
    job.started_at = job.finished_at = job.heartbeat_at = None
    job.worker_id = ""


# ----------------------------------------------------------------------------- running (in the worker)


class JobTakenAway(Exception):
    """The job is no longer this worker's (it was given up as lost and taken up again elsewhere)."""


def _retry_on_lock(func, *, attempts: int = 6, wait: float = 0.5):
    """Run a small write again when SQLite says the database is locked (beyond its busy timeout)."""
    for attempt in range(1, attempts + 1):
        try:
            return func()
        except OperationalError as exc:
            if attempt == attempts or not is_locked_database_exception(exc):
                raise
            logger.warning("Database locked, writing again in %.1f s (attempt %s)", wait * attempt, attempt)
            time.sleep(wait * attempt)
    return None


def _update_own(job: PrintJob, worker_id: str, **fields) -> None:
    """Update the job only while this worker still runs it."""

    def write():
        return PrintJob.objects.filter(pk=job.pk, status=PrintJob.Status.RUNNING, worker_id=worker_id).update(**fields)

    if not _retry_on_lock(write):
        raise JobTakenAway(job.pk)


def _record_error(job: PrintJob, worker_id: str, group, message: str, *, kind: str = "", count: bool = True) -> None:
    """Note a paper that could not be made; `count` also counts the group as done."""
    entry = {"group": str(group), "code": getattr(group, "code", ""), "message": message}
    if kind:
        # A job of several kinds says which paper could not be made.
        entry["kind"] = kind
        entry["message"] = f"{kind_label(kind)}: {message}"

    def write():
        with transaction.atomic():
            locked = PrintJob.objects.select_for_update().get(pk=job.pk)
            if locked.status != PrintJob.Status.RUNNING or locked.worker_id != worker_id:
                return 0
            locked.errors = [*locked.errors, entry]
            if count:
                locked.done = F("done") + 1
            locked.save(update_fields=["errors", "done"] if count else ["errors"])
            return 1

    if not _retry_on_lock(write):
        raise JobTakenAway(job.pk)


def print_job_run(*, job_id: int, worker_id: str = "") -> PrintJob:
    """Print every group's papers of the job's kinds into one PDF (called by the task worker).

    Each paper is produced on its own: one that cannot be made is listed in `errors` with the
    reason, and the others still print (see `reports.batch` for what is rendered and how it is
    bound). Progress is written after every group so the progress page can follow it. The worker's
    heartbeat keeps `heartbeat_at` fresh meanwhile; a job whose heartbeat stops is taken up again
    by `print_jobs_recover`.
    """
    worker_id = worker_id or "inline"

    def claim():
        with transaction.atomic():
            job = (
                PrintJob.objects.select_for_update(of=("self",))
                .select_related("campaign", "requested_by")
                .get(pk=job_id)
            )
            if job.status != PrintJob.Status.QUEUED:
                return job, False  # already run or running (a retried task must not print twice)
            _reset(job, status=PrintJob.Status.RUNNING)
            job.started_at = job.heartbeat_at = timezone.now()
            job.worker_id = worker_id
            job.attempts += 1
            job.save()
            return job, True

    job, claimed = _retry_on_lock(claim)
    if not claimed:
        return job

    try:
        elections = list(_job_group_elections(job))
        _update_own(job, worker_id, total=len(elections))
        kinds = job_kinds(job)
        several = len(kinds) > 1
        binder = Binder()
        if _whole_ward(job) and ward_kinds(kinds):
            ward = job.campaign.ward
            section = produce_section(ward_kinds(kinds), job.campaign, job.options, name=str(ward))
            for code, message in section.failures:
                _record_error(job, worker_id, ward, message, kind=code if several else "", count=False)
            binder.add_section(f"{ward.kind.capitalize()} {ward.name}", section.papers)
        for election in elections:
            section = produce_section(
                group_kinds(kinds), election, job.options, name=str(election.group), skip_inapplicable=several
            )
            for code, message in section.failures:
                _record_error(job, worker_id, election.group, message, kind=code if several else "", count=False)
            binder.add_section(election.group.name, section.papers)
            if section.papers:
                _update_own(job, worker_id, done=F("done") + 1, printed=F("printed") + 1)
            else:
                _update_own(job, worker_id, done=F("done") + 1)
        now = timezone.now()
        if binder.sections == 0:
            _update_own(job, worker_id, status=PrintJob.Status.FAILED, failure=FAILED_NOTHING_PRINTED, finished_at=now)
        else:
            data = binder.write(title=f"{job.kind_label} - {job.campaign.label}")
            name = f"{job.kind}-{job.campaign.label}-{job.pk}.pdf"
            stored = job.file.storage.save(job.file.field.generate_filename(job, name), ContentFile(data))
            try:
                _update_own(
                    job, worker_id, status=PrintJob.Status.DONE, file=stored, pages=binder.pages, finished_at=now
                )
            except JobTakenAway:
                job.file.storage.delete(stored)
                raise
    except JobTakenAway:
        logger.warning("Batch print job %s was taken up by another worker; this run stops.", job.pk)
    except Exception:
        logger.exception("Batch print job %s stopped", job.pk)

        def fail():
            PrintJob.objects.filter(pk=job.pk, status=PrintJob.Status.RUNNING, worker_id=worker_id).update(
                status=PrintJob.Status.FAILED, failure=FAILED_UNEXPECTED, finished_at=timezone.now()
            )

        try:
            _retry_on_lock(fail)
        except OperationalError:
            # Still locked: the heartbeat stops with this run, and the job is taken up again as a lost one.
            logger.exception("Batch print job %s: could not record the failure", job.pk)
        raise
    job.refresh_from_db()
    return job


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
    handled = []
    if not silent.exists():
        return handled  # the usual case: a read only, no transaction (on SQLite, no write lock)
    with transaction.atomic():
        lost = silent.select_for_update(skip_locked=True, of=("self",)).select_related("campaign")
        for job in lost:
            _give_up_task(job.task_result_id)
            before = {"status": job.status, "worker": job.worker_id, "attempts": job.attempts, "done": job.done}
            if job.attempts < MAX_ATTEMPTS:
                _reset(job, status=PrintJob.Status.QUEUED)
                job.save()
                _enqueue(job)
                event = "print_job.resumed"
            else:
                job.status = PrintJob.Status.FAILED
                job.failure = FAILED_WORKER_LOST
                job.finished_at = timezone.now()
                job.save(update_fields=["status", "failure", "finished_at"])
                event = "print_job.failed"
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
        exception_class_path="reports.services.WorkerLost",
        traceback="The worker running this task stopped giving signs of life.",
    )
