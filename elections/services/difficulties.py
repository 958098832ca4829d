"""Difficulty reports (directive point 5): a committee member reports, the committee follows up."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can
from accounts.models import Role, User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError, validate
from elections.models import Campaign, DifficultyReport, DifficultyResponse
from notices.models import Notice
from notices.recipients import users_who_may
from notices.services import notice_send
from residents.models import ResidentialGroup


def difficulty_report_create(
    *, actor: User, campaign: Campaign, group: ResidentialGroup, title: str, description: str
) -> DifficultyReport:
    """A committee member reports a difficulty or obstacle in a group of their assigned area."""
    if not can(actor, Action.REPORT_DIFFICULTY, group):
        raise DomainError(
            _("%(group)s is not in your assigned area: you cannot report a difficulty there.") % {"group": group.name},
            field="group",
        )
    if group.ward_id != campaign.ward_id:
        raise DomainError(_("%(group)s is not a group of this campaign's ward.") % {"group": group.name}, field="group")
    title, description = title.strip(), description.strip()
    problems = []
    if not title:
        problems.append(_("Give the difficulty a short title."))
    if not description:
        problems.append(_("Describe the difficulty."))
    if problems:
        raise DomainError(*problems)
    with transaction.atomic():
        report = DifficultyReport(
            campaign=campaign, group=group, reported_by=actor, title=title, description=description
        )
        validate(report, exclude=["campaign", "group", "reported_by"])
        report.save()
        audit_log(
            actor=actor,
            obj=report,
            event=Event.DIFFICULTY_REPORTED,
            after={"title": title, "status": report.status},
            group=group,
            note=description,
        )
        notice_send(
            recipients=users_who_may(Action.VIEW_DIFFICULTIES, group, roles={Role.WARD_OFFICIAL}),
            kind=Notice.Kind.DIFFICULTY_REPORTED,
            url=reverse("elections:difficulty_detail", args=[report.pk]),
            params={"group": group.name, "title": title},
            actor=actor,
        )
    return report


def difficulty_respond(*, report: DifficultyReport, actor: User, text: str, status: str) -> DifficultyResponse:
    """A dated response of the committee; the report takes the status given (resolved or not)."""
    if not can(actor, Action.RESPOND_DIFFICULTY, report.group):
        raise DomainError(_("You may not respond to difficulty reports of this group."))
    text = text.strip()
    if not text:
        raise DomainError(_("Write the response."), field="text")
    if status not in DifficultyReport.Status.values:
        raise DomainError(_("Choose a valid status."), field="status")
    with transaction.atomic():
        locked = DifficultyReport.objects.select_for_update().select_related("group").get(pk=report.pk)
        response = DifficultyResponse(report=locked, author=actor, text=text, status_after=status)
        validate(response, exclude=["report", "author"])
        response.save()
        before = {"status": locked.status}
        locked.status = status
        locked.resolved_at = (
            (locked.resolved_at or timezone.now()) if status == DifficultyReport.Status.RESOLVED else None
        )
        locked.save(update_fields=["status", "resolved_at"])
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.DIFFICULTY_RESPONDED,
            before=before,
            after={"status": status},
            group=locked.group,
            note=text,
        )
    return response
