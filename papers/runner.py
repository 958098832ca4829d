"""Running a batch print job, in the task worker: every group's papers of the job's kinds into one PDF.

`papers.services` requests jobs and queues them (through `papers.tasks`); this module, which the task calls, does
not import the task, so there is no circle between them.
"""

from __future__ import annotations

import logging
import time
from contextlib import closing

from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks_db.utils import is_locked_database_exception

from papers.batch import Binder, group_kinds, job_kinds, ward_kinds
from papers.kinds import kind_label
from papers.models import PrintJob
from papers.parallel import SectionTask, produce_sections
from papers.scope import Section, scope

logger = logging.getLogger(__name__)

# Failures are stored untranslated and shown in the reader's language (the template translates them).
FAILED_NOTHING_PRINTED = gettext_noop("No group's paper could be produced.")
FAILED_UNEXPECTED = gettext_noop(
    "The printing stopped because of an unexpected error. You can start it again; "
    "if it fails again, tell the system administrator."
)


def job_subjects(job: PrintJob):
    """The group elections the job covers, among those its requester may see, in print order."""
    return scope().subjects(
        campaign=job.campaign,
        user=job.requested_by,
        party_cell_id=job.party_cell_id,
        group_election_id=job.options.get("group_election"),
    )


def whole_ward(job: PrintJob) -> bool:
    return not job.party_cell_id and not job.options.get("group_election")


def reset_job(job: PrintJob, *, status: str) -> None:
    job.status = status
    job.done = job.printed = job.pages = 0
    job.errors = []
    job.failure = ""
    job.file = ""
    job.started_at = job.finished_at = job.heartbeat_at = None
    job.worker_id = ""


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


def _record_error(
    job: PrintJob, worker_id: str, section: Section, message: str, *, kind: str = "", count: bool = True
) -> None:
    """Note a paper that could not be made; `count` also counts the group as done."""
    entry = {"group": section.name, "code": section.code, "message": message}
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
    reason, and the others still print (see `papers.batch` for what is rendered and how it is
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
            reset_job(job, status=PrintJob.Status.RUNNING)
            job.started_at = job.heartbeat_at = timezone.now()
            job.worker_id = worker_id
            job.attempts += 1
            job.save()
            return job, True

    job, claimed = _retry_on_lock(claim)
    if not claimed:
        return job

    logger.info("Batch print job %s started by worker %s (attempt %s).", job.pk, worker_id, job.attempts)
    try:
        elections = list(job_subjects(job))
        _update_own(job, worker_id, total=len(elections))
        kinds = job_kinds(job)
        several = len(kinds) > 1
        binder = Binder()
        hooks = scope()
        # The sections in the order of the PDF: the ward's own papers first, then each group's.
        sections: list[tuple[Section, SectionTask, bool]] = []  # (whose, what, counts as a group)
        if whole_ward(job) and ward_kinds(kinds):
            ward = hooks.ward_section(job.campaign)
            sections.append((ward, SectionTask(ward_kinds(kinds), job.campaign, job.options, ward.name), False))
        for election in elections:
            group = hooks.group_section(election)
            task = SectionTask(group_kinds(kinds), election, job.options, group.name, skip_inapplicable=several)
            sections.append((group, task, True))
        # Rendered in parallel processes, received in order: the same bookmarks and blank pages as one by one.
        with closing(produce_sections([task for _whose, task, _group in sections])) as produced:
            for (whose, _task, is_group), section in zip(sections, produced, strict=True):
                for code, message in section.failures:
                    _record_error(job, worker_id, whose, message, kind=code if several else "", count=False)
                binder.add_section(whose.title, section.papers)
                if not is_group:
                    continue
                if section.papers:
                    _update_own(job, worker_id, done=F("done") + 1, printed=F("printed") + 1)
                else:
                    _update_own(job, worker_id, done=F("done") + 1)
        now = timezone.now()
        if binder.sections == 0:
            _update_own(job, worker_id, status=PrintJob.Status.FAILED, failure=FAILED_NOTHING_PRINTED, finished_at=now)
            logger.info("Batch print job %s failed: no group's paper could be produced.", job.pk)
        else:
            label = hooks.campaign_label(job.campaign)
            data = binder.write(title=f"{job.kind_label} - {label}")
            name = f"{job.kind}-{label}-{job.pk}.pdf"
            stored = job.file.storage.save(job.file.field.generate_filename(job, name), ContentFile(data))
            try:
                _update_own(
                    job, worker_id, status=PrintJob.Status.DONE, file=stored, pages=binder.pages, finished_at=now
                )
            except JobTakenAway:
                job.file.storage.delete(stored)
                raise
            logger.info(
                "Batch print job %s finished: %s pages, %s sections, %s blank pages.",
                job.pk,
                binder.pages,
                binder.sections,
                binder.blank_pages,
            )
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
