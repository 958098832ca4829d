"""The conference override: the ward allows the conference without an accepted report (with a reason), or
withdraws that permission."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import Action, can
from accounts.models import User
from audit.events import Event
from audit.services import audit_log, snapshot
from config.errors import DomainError
from elections.models import GroupElection
from elections.termreports.models import TermReport
from elections.termreports.services.common import (
    Status,
    refuse_unless,
)


def term_report_override_record(*, group_election: GroupElection, actor: User, reason: str) -> GroupElection:
    """Let the group's conference open without an accepted report, for a stated reason (ward official)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = GroupElection.objects.select_for_update().select_related("group", "campaign").get(pk=group_election.pk)
        refuse_unless(
            can(actor, Action.OVERRIDE_TERM_REPORT, locked.group),
            _("Only a ward official may let the conference of %(group)s open without an accepted report.")
            % {"group": locked.group.name},
        )
        if not reason:
            raise DomainError(_("Reason: say why the conference may open without an accepted report."), field="reason")
        status = TermReport.objects.filter(group_election=locked).values_list("status", flat=True).first()
        refuse_unless(
            status != Status.ACCEPTED,
            _("The report of %(group)s is already accepted: no override is needed.") % {"group": locked.group.name},
        )
        before = snapshot(locked, ["report_override_reason", "report_override_by"])
        locked.report_override_reason = reason
        locked.report_override_by = actor
        locked.save(update_fields=["report_override_reason", "report_override_by"])
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.TERM_REPORT_OVERRIDE_RECORDED,
            before=before,
            after=snapshot(locked, ["report_override_reason", "report_override_by"]),
            group=locked.group,
            note=reason,
        )
    group_election.refresh_from_db()
    return group_election


def term_report_override_withdraw(*, group_election: GroupElection, actor: User) -> GroupElection:
    """Withdraw an override: the conference again waits for the accepted report."""
    with transaction.atomic():
        locked = GroupElection.objects.select_for_update().select_related("group").get(pk=group_election.pk)
        refuse_unless(
            can(actor, Action.OVERRIDE_TERM_REPORT, locked.group),
            _("Only a ward official may withdraw the override of %(group)s.") % {"group": locked.group.name},
        )
        refuse_unless(
            bool(locked.report_override_reason.strip()),
            _("%(group)s has no override to withdraw.") % {"group": locked.group.name},
        )
        before = snapshot(locked, ["report_override_reason", "report_override_by"])
        locked.report_override_reason = ""
        locked.report_override_by = None
        locked.save(update_fields=["report_override_reason", "report_override_by"])
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.TERM_REPORT_OVERRIDE_WITHDRAWN,
            before=before,
            after=snapshot(locked, ["report_override_reason", "report_override_by"]),
            group=locked.group,
        )
    group_election.refresh_from_db()
    return group_election
