"""Batch printing: request a job (in the request), run it (in the task worker)."""

from __future__ import annotations

import logging
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can, require, visible_groups, visible_wards
from audit.services import audit_log
from config.errors import DomainError
from reports.models import PrintJob
from reports.printing import get_kind, produce

logger = logging.getLogger(__name__)

MAX_COPIES = 2000


def _job_group_elections(job: PrintJob):
    from elections.models import GroupElection

    elections = GroupElection.objects.filter(
        campaign=job.campaign, group__in=visible_groups(job.requested_by)
    ).select_related(
        "group", "group__ward", "group__party_cell", "campaign", "campaign__ward", "campaign__legal_profile"
    )
    if job.party_cell_id:
        elections = elections.filter(group__party_cell_id=job.party_cell_id)
    return elections.order_by("group__code", "pk")


def print_job_request(*, user, campaign, kind: str, copies: int | None = None, party_cell=None) -> PrintJob:
    """Create a batch print job for every group of the campaign (or of one cell) and queue it."""
    from reports.tasks import run_print_job

    require(user, Action.BATCH_PRINT)
    paper = get_kind(kind)
    if paper is None or not paper.available:
        raise DomainError(_("Papers: this kind of paper cannot be printed."), field="kind")
    if not paper.may_print(user):
        # The same rule as printing one group's paper: a batch grants nothing more.
        raise DomainError(_("Papers: your role may not print this kind of paper."), field="kind")
    if not visible_wards(user).filter(pk=campaign.ward_id).exists():
        raise DomainError(_("Campaign: you cannot print for this ward."))
    if party_cell is not None and party_cell.ward_id != campaign.ward_id:
        raise DomainError(_("Party cell: this cell is not in the ward of the campaign."), field="party_cell")
    # Lists carry full birth dates only for those allowed to see personal data.
    options: dict = {"full_birth_dates": can(user, Action.VIEW_PERSONAL_DATA)}
    if paper.takes_copies:
        if copies is not None and not 1 <= copies <= MAX_COPIES:
            raise DomainError(
                _("Copies per group: give a number from 1 to %(max)s.") % {"max": MAX_COPIES}, field="copies"
            )
        options["copies"] = copies
    job = PrintJob(campaign=campaign, kind=kind, options=options, party_cell=party_cell, requested_by=user)
    job.total = _job_group_elections(job).count()
    if job.total == 0:
        raise DomainError(_("There is no group to print for."))
    job.full_clean()
    job.save()
    # The queued task row commits together with the job (same transaction), so the worker
    # never sees a task whose job does not exist yet.
    result = run_print_job.enqueue(job.pk)
    PrintJob.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()
    audit_log(
        actor=user,
        obj=job,
        event="print_job.requested",
        after={"kind": kind, "options": options, "party_cell": party_cell.pk if party_cell else None},
        ward=campaign.ward_id,
    )
    return job


def _record_error(job_id: int, group, message: str) -> None:
    entry = {"group": str(group), "code": group.code, "message": message}
    with transaction.atomic():
        job = PrintJob.objects.select_for_update().get(pk=job_id)
        job.errors = [*job.errors, entry]
        job.save(update_fields=["errors"])


def print_job_run(*, job_id: int) -> PrintJob:
    """Print every group's paper of the job's kind into one PDF (called by the task worker).

    Each group is produced on its own: a group whose paper cannot be made is listed in
    `errors` with the reason, and the other groups still print. Progress is written after
    every group so the progress page can follow it.
    """
    from pypdf import PdfReader, PdfWriter

    with transaction.atomic():
        job = PrintJob.objects.select_for_update().select_related("campaign", "requested_by").get(pk=job_id)
        if job.status != PrintJob.Status.QUEUED:
            return job  # already run (a retried task must not print twice)
        job.status = PrintJob.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])

    try:
        elections = list(_job_group_elections(job))
        PrintJob.objects.filter(pk=job.pk).update(total=len(elections), done=0, printed=0)
        writer = PdfWriter()
        printed = 0
        for election in elections:
            try:
                data = produce(job.kind, election, job.options)
                writer.append(PdfReader(BytesIO(data)))
                printed += 1
                PrintJob.objects.filter(pk=job.pk).update(done=F("done") + 1, printed=F("printed") + 1)
            except DomainError as exc:
                _record_error(job.pk, election.group, " ".join(exc.messages))
                PrintJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
            except Exception:  # one broken paper must not stop the other groups
                logger.exception("Batch print job %s: %s failed", job.pk, election.group)
                _record_error(job.pk, election.group, _("Unexpected error while producing the paper."))
                PrintJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
        job.refresh_from_db()
        if printed == 0:
            job.status = PrintJob.Status.FAILED
            job.failure = _("No group's paper could be produced.")
        else:
            out = BytesIO()
            writer.write(out)
            job.pages = len(writer.pages)
            name = f"{job.kind}-{job.campaign.label}-{job.pk}.pdf"
            job.file.save(name, ContentFile(out.getvalue()), save=False)
            job.status = PrintJob.Status.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "failure", "pages", "file", "finished_at"])
    except Exception as exc:
        PrintJob.objects.filter(pk=job.pk).update(
            status=PrintJob.Status.FAILED,
            failure=_("The job stopped: %(error)s") % {"error": exc.__class__.__name__},
            finished_at=timezone.now(),
        )
        raise
    return job
