"""Audit entries in words, for the group timeline: the event, and each changed field before -> after."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry

EVENT_LABELS: dict[str, Any] = {
    "stage_changed": _("Stage changed"),
    "group_election_opened": _("Election opened for the group"),
    "plan_updated": _("Plan changed"),
    "campaign_created": _("Campaign created"),
    "campaign_updated": _("Campaign changed"),
    "legal_profile_updated": _("Legal profile changed"),
    "directive_created": _("Directive recorded"),
    "directive_updated": _("Directive changed"),
    "directive_task_created": _("Directive task added"),
    "directive_task_updated": _("Directive task changed"),
    "directive_task_progress": _("Progress note on a directive task"),
    "difficulty_reported": _("Difficulty reported"),
    "difficulty_responded": _("Response to a difficulty"),
    "area_assigned": _("Area assigned to a committee member"),
    "area_unassigned": _("Area taken from a committee member"),
    # register
    "roll_imported": _("Roll imported"),
    "roll_exported": _("Roll exported"),
    "leader_term_started": _("Group leader's term started"),
    "leader_term_closed": _("Group leader's term closed"),
    # candidates and complaints
    "consultation_recorded": _("Consultation with the cell committee recorded"),
    "candidate_nominated": _("Candidate nominated"),
    "candidate_review_started": _("Candidate under review"),
    "candidate_criterion_attested": _("Candidate standard attested"),
    "candidate_approved": _("Candidate approved"),
    "candidate_rejected": _("Candidate rejected"),
    "candidate_withdrawn": _("Candidate withdrawn"),
    "candidate_list_frozen": _("Candidate list frozen when posted"),
    "candidate_list_changed_after_posting": _("Posted candidate list changed"),
    "complaint_received": _("Complaint received"),
    "complaint_investigation_started": _("Complaint under investigation"),
    "complaint_concluded": _("Complaint concluded"),
    "complaint_attachment_added": _("Attachment added to a complaint"),
    # term report
    "term_report_created": _("Term report started"),
    "term_report_changed": _("Term report edited"),
    "term_report_submitted": _("Term report submitted"),
    "term_report_reviewed": _("Term report reviewed by the cell secretary"),
    "term_report_accepted": _("Term report accepted"),
    "term_report_returned": _("Term report returned with comments"),
    "term_report_override_recorded": _("Conference allowed without an accepted report"),
    "term_report_override_withdrawn": _("Permission to open without a report withdrawn"),
    # election day
    "team_member_added": _("Election-team member added"),
    "team_member_removed": _("Election-team member removed"),
    "team_decision_recorded": _("Decision forming the election team recorded"),
    "electorate_frozen": _("Electorate frozen"),
    "conference_scheduled": _("Conference scheduled"),
    "conference_updated": _("Conference details changed"),
    "conference_opened": _("Conference opened"),
    "conference_vote_opened": _("Vote opened"),
    "conference_adjourned": _("Conference adjourned"),
    "conference_minutes_uploaded": _("Signed minutes uploaded"),
    "count_board_member_added": _("Count board member added"),
    "count_board_member_removed": _("Count board member removed"),
    "checked_in": _("Checked in"),
    "check_in_undone": _("Check-in undone"),
    "head_count_set": _("Head count entered"),
    "count_entered": _("Count entered"),
    "count_entry_changed": _("Count entry changed"),
    "count_mismatch": _("The two count entries differ"),
    "count_accepted": _("Count accepted"),
    "count_sealed": _("Count sealed"),
    "count_corrected": _("Sealed count corrected"),
    "recognition_decision_issued": _("Recognition decision issued"),
}


def register_event_label(event: str, label) -> None:
    """Apps name their own audit events here (a lazy translated string)."""
    EVENT_LABELS[event] = label


def event_label(event: str) -> str:
    label = EVENT_LABELS.get(event)
    return str(label) if label is not None else event.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _value(field, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if field is not None and getattr(field, "choices", None):
        choices = dict(field.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(choices.get(v, v)) for v in value)
        return str(choices.get(value, value))
    if isinstance(value, str) and _DATETIME.match(value):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, str) and _DATE.match(value):
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def changes(entry: AuditEntry) -> list[Change]:
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    model = _model(entry.object_type)
    out = []
    for key in list(after) + [k for k in before if k not in after]:
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:
                field = None
        label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else key
        out.append(Change(label[:1].upper() + label[1:], _value(field, before.get(key)), _value(field, after.get(key))))
    return out


@dataclass
class Run:
    """Consecutive entries of the same event by the same actor (e.g. a morning of check-ins), shown as one line."""

    event: str
    label: str
    entries: list
    items: list

    @property
    def first(self) -> AuditEntry:
        return self.entries[0]

    @property
    def last(self) -> AuditEntry:
        return self.entries[-1]

    @property
    def count(self) -> int:
        return len(self.entries)


# Events that always get their own line, however many follow each other.
NEVER_GROUPED = {"stage_changed"}


def runs(entries: list[AuditEntry]) -> list[Run]:
    """The timeline as runs, in the order given (newest first)."""
    out: list[Run] = []
    for entry in entries:
        item = {"entry": entry, "changes": changes(entry)}
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.event == entry.event
            and previous.first.actor_id == entry.actor_id
            and entry.event not in NEVER_GROUPED
        ):
            previous.entries.append(entry)
            previous.items.append(item)
        else:
            out.append(Run(entry.event, event_label(entry.event), [entry], [item]))
    return out
