"""Batch printing: request a job (in the request), run it (in the task worker)."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can, require, visible_groups, visible_wards
from audit.services import audit_log
from config.errors import DomainError
from reports.batch import SET_KIND, Binder, group_kinds, job_kinds, ordered_kinds, produce_section, ward_kinds
from reports.models import PrintJob
from reports.printing import get_kind, kind_label

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
    if job.options.get("group_election"):
        elections = elections.filter(pk=job.options["group_election"])
    return elections.order_by("group__code", "pk")


def _whole_ward(job: PrintJob) -> bool:
    return not job.party_cell_id and not job.options.get("group_election")


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
    from reports.tasks import run_print_job

    require(user, Action.BATCH_PRINT)
    codes = ordered_kinds(kinds) if kinds else []
    if kinds and len(codes) != len(set(kinds)):
        raise DomainError(_("Papers: this kind of paper cannot be printed."), field="kind")
    if not kinds:
        paper = get_kind(kind)
        if paper is None or not paper.available:
            raise DomainError(_("Papers: this kind of paper cannot be printed."), field="kind")
        codes = [kind]
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
        after={"kind": job.kind, "options": options, "party_cell": party_cell.pk if party_cell else None},
        ward=campaign.ward_id,
    )
    return job


def _record_error(job_id: int, group, message: str, *, kind: str = "") -> None:
    entry = {"group": str(group), "code": getattr(group, "code", ""), "message": message}
    if kind:
        # A job of several kinds says which paper could not be made.
        entry["kind"] = kind
        entry["message"] = f"{kind_label(kind)}: {message}"
    with transaction.atomic():
        job = PrintJob.objects.select_for_update().get(pk=job_id)
        job.errors = [*job.errors, entry]
        job.save(update_fields=["errors"])


def print_job_run(*, job_id: int) -> PrintJob:
    """Print every group's papers of the job's kinds into one PDF (called by the task worker).

    Each paper is produced on its own: one that cannot be made is listed in `errors` with the
    reason, and the others still print (see `reports.batch` for what is rendered and how it is
    bound). Progress is written after every group so the progress page can follow it.
    """
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
        kinds = job_kinds(job)
        several = len(kinds) > 1
        binder = Binder()
        printed = 0
        if _whole_ward(job) and ward_kinds(kinds):
            ward = job.campaign.ward
            section = produce_section(ward_kinds(kinds), job.campaign, job.options, name=str(ward))
            for code, message in section.failures:
                _record_error(job.pk, ward, message, kind=code if several else "")
            binder.add_section(f"{ward.kind.capitalize()} {ward.name}", section.papers)
        for election in elections:
            section = produce_section(
                group_kinds(kinds), election, job.options, name=str(election.group), skip_inapplicable=several
            )
            for code, message in section.failures:
                _record_error(job.pk, election.group, message, kind=code if several else "")
            binder.add_section(election.group.name, section.papers)
            if section.papers:
                printed += 1
                PrintJob.objects.filter(pk=job.pk).update(done=F("done") + 1, printed=F("printed") + 1)
            else:
                PrintJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
        job.refresh_from_db()
        if binder.sections == 0:
            job.status = PrintJob.Status.FAILED
            job.failure = _("No group's paper could be produced.")
        else:
            data = binder.write(title=f"{job.kind_label} - {job.campaign.label}")
            job.pages = binder.pages
            name = f"{job.kind}-{job.campaign.label}-{job.pk}.pdf"
            job.file.save(name, ContentFile(data), save=False)
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
