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
from django.utils.translation import pgettext_lazy

from audit.models import AuditEntry

# Event names carry their own context, so a status of the same words elsewhere keeps its own translation.
EVENT_LABELS: dict[str, Any] = {
    "stage_changed": pgettext_lazy("audit event", "Stage changed"),
    "group_election_opened": pgettext_lazy("audit event", "Election opened for the group"),
    "plan_updated": pgettext_lazy("audit event", "Plan changed"),
    "campaign_created": pgettext_lazy("audit event", "Campaign created"),
    "campaign_updated": pgettext_lazy("audit event", "Campaign changed"),
    "legal_profile_updated": pgettext_lazy("audit event", "Legal profile changed"),
    "directive_created": pgettext_lazy("audit event", "Directive recorded"),
    "directive_updated": pgettext_lazy("audit event", "Directive changed"),
    "directive_task_created": pgettext_lazy("audit event", "Directive task added"),
    "directive_task_updated": pgettext_lazy("audit event", "Directive task changed"),
    "directive_task_progress": pgettext_lazy("audit event", "Progress note on a directive task"),
    "difficulty_reported": pgettext_lazy("audit event", "Difficulty reported"),
    "difficulty_responded": pgettext_lazy("audit event", "Response to a difficulty"),
    "area_assigned": pgettext_lazy("audit event", "Area assigned to a committee member"),
    "area_unassigned": pgettext_lazy("audit event", "Area taken from a committee member"),
    # register
    "roll_imported": pgettext_lazy("audit event", "Roll imported"),
    "roll_exported": pgettext_lazy("audit event", "Roll exported"),
    "household_created": pgettext_lazy("audit event", "Household added"),
    "household_changed": pgettext_lazy("audit event", "Household changed"),
    "resident_moved_in": pgettext_lazy("audit event", "Moved in / registered"),
    "resident_corrected": pgettext_lazy("audit event", "Personal data corrected"),
    "resident_moved_away": pgettext_lazy("audit event", "Moved away"),
    "resident_died": pgettext_lazy("audit event", "Died"),
    "resident_household_changed": pgettext_lazy("audit event", "Changed household"),
    "leader_term_started": pgettext_lazy("audit event", "Group leader's term started"),
    "leader_term_closed": pgettext_lazy("audit event", "Group leader's term closed"),
    # candidates and complaints
    "consultation_recorded": pgettext_lazy("audit event", "Consultation with the cell committee recorded"),
    "candidate_nominated": pgettext_lazy("audit event", "Candidate nominated"),
    "candidate_review_started": pgettext_lazy("audit event", "Candidate under review"),
    "candidate_criterion_attested": pgettext_lazy("audit event", "Candidate standard attested"),
    "candidate_approved": pgettext_lazy("audit event", "Candidate approved"),
    "candidate_rejected": pgettext_lazy("audit event", "Candidate rejected"),
    "candidate_withdrawn": pgettext_lazy("audit event", "Candidate withdrawn"),
    "candidate_list_frozen": pgettext_lazy("audit event", "Candidate list frozen when posted"),
    "candidate_list_changed_after_posting": pgettext_lazy("audit event", "Posted candidate list changed"),
    "complaint_received": pgettext_lazy("audit event", "Complaint received"),
    "complaint_investigation_started": pgettext_lazy("audit event", "Complaint under investigation"),
    "complaint_concluded": pgettext_lazy("audit event", "Complaint concluded"),
    "complaint_attachment_added": pgettext_lazy("audit event", "Attachment added to a complaint"),
    # term report
    "term_report_created": pgettext_lazy("audit event", "Term report started"),
    "term_report_changed": pgettext_lazy("audit event", "Term report edited"),
    "term_report_submitted": pgettext_lazy("audit event", "Term report submitted"),
    "term_report_reviewed": pgettext_lazy("audit event", "Term report reviewed by the cell secretary"),
    "term_report_accepted": pgettext_lazy("audit event", "Term report accepted"),
    "term_report_returned": pgettext_lazy("audit event", "Term report returned with comments"),
    "term_report_override_recorded": pgettext_lazy("audit event", "Conference allowed without an accepted report"),
    "term_report_override_withdrawn": pgettext_lazy("audit event", "Permission to open without a report withdrawn"),
    # election day
    "team_member_added": pgettext_lazy("audit event", "Election-team member added"),
    "team_member_removed": pgettext_lazy("audit event", "Election-team member removed"),
    "team_decision_recorded": pgettext_lazy("audit event", "Decision forming the election team recorded"),
    "electorate_frozen": pgettext_lazy("audit event", "Electorate frozen"),
    "conference_scheduled": pgettext_lazy("audit event", "Conference scheduled"),
    "conference_updated": pgettext_lazy("audit event", "Conference details changed"),
    "conference_opened": pgettext_lazy("audit event", "Conference opened"),
    "conference_vote_opened": pgettext_lazy("audit event", "Vote opened"),
    "conference_adjourned": pgettext_lazy("audit event", "Conference adjourned"),
    "conference_minutes_uploaded": pgettext_lazy("audit event", "Signed minutes uploaded"),
    "count_board_member_added": pgettext_lazy("audit event", "Count board member added"),
    "count_board_member_removed": pgettext_lazy("audit event", "Count board member removed"),
    "checked_in": pgettext_lazy("audit event", "Checked in"),
    "check_in_undone": pgettext_lazy("audit event", "Check-in undone"),
    "head_count_set": pgettext_lazy("audit event", "Head count entered"),
    "count_entered": pgettext_lazy("audit event", "Count entered"),
    "count_entry_changed": pgettext_lazy("audit event", "Count entry changed"),
    "count_mismatch": pgettext_lazy("audit event", "The two count entries differ"),
    "count_accepted": pgettext_lazy("audit event", "Count accepted"),
    "count_sealed": pgettext_lazy("audit event", "Count sealed"),
    "count_corrected": pgettext_lazy("audit event", "Sealed count corrected"),
    "recognition_decision_issued": pgettext_lazy("audit event", "Recognition decision issued"),
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


def _invalid_reasons(value: Any) -> str:
    from elections.count.models import InvalidReason

    labels = dict(InvalidReason.choices)
    parts = [f"{labels.get(k, k)}: {n}" for k, n in value.items() if n]
    return "; ".join(parts) if parts else "0"


def _votes(value: Any) -> str:
    from elections.candidates.models import Candidate

    names = dict(
        Candidate.objects.filter(pk__in=[int(k) for k in value if str(k).isdigit()]).values_list(
            "pk", "resident__full_name"
        )
    )
    return "; ".join(f"{names.get(int(k), k) if str(k).isdigit() else k}: {n}" for k, n in value.items())


# Keys of JSON-valued figures that are not model fields: their label and how to show their value.
SPECIAL_KEYS: dict[str, tuple[Any, Any]] = {
    "invalid_by_reason": (_("Invalid ballots by reason"), _invalid_reasons),
    "votes": (_("Votes per candidate"), _votes),
}


# Keys of snapshots that are not fields of the audited model (figures, names copied at the time).
PLAIN_KEYS: dict[str, Any] = {
    "criterion": _("Standard"),
    "meets": _("Meets the standard"),
    "note": _("Note"),
    "official_name": _("Attested by"),
    "official_position": _("Position"),
    "full_name": _("Full name"),
    "party_member": _("Party member"),
    "candidates": _("Candidates"),
    "candidate_name": _("Candidate concerned"),
    "name": _("Name"),
    "fields": _("Fields changed"),
    "witnesses": _("Witnesses"),
    "electorate_mode": _("Electorate"),
    "size": _("Number of voters"),
    "households": _("Households"),
    "residents": _("Residents"),
    "voters": _("Voters"),
    "party_members": _("Party members"),
    "on": _("Date of the event"),
    "household_number": _("Household"),
    "group_name": _("Residential group"),
}


def _criterion_choices():
    from elections.candidates.models import Criterion

    return Criterion.choices


def _electorate_choices():
    from elections.models import Campaign

    return Campaign.Electorate.choices


# Plain keys whose values are codes of a choice list.
PLAIN_CHOICES = {"criterion": _criterion_choices, "electorate_mode": _electorate_choices}


def _plain_value(key: str, value: Any) -> str:
    if key in PLAIN_CHOICES and isinstance(value, str):
        return str(dict(PLAIN_CHOICES[key]()).get(value, value))
    return _value(None, value)


def _special(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return SPECIAL_KEYS[key][1](value)
    return _value(None, value)


#: Models that moved app (the audit log is append-only, so its rows keep the label they were written with).
MOVED_MODELS = {
    f"conference.{name}": f"count.{name}"
    for name in ("count", "countvote", "corrigendum", "recognitiondecision", "tallyentry", "tallyentryvote")
}


def _model(object_type: str):
    try:
        return apps.get_model(MOVED_MODELS.get(object_type, object_type))
    except (LookupError, ValueError):
        return None


def changes(entry: AuditEntry) -> list[Change]:
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    model = _model(entry.object_type)
    out = []
    for key in list(after) + [k for k in before if k not in after]:
        if key in SPECIAL_KEYS:
            out.append(Change(str(SPECIAL_KEYS[key][0]), _special(key, before.get(key)), _special(key, after.get(key))))
            continue
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:
                field = None
        if field is None or not hasattr(field, "verbose_name"):
            label = str(PLAIN_KEYS.get(key, key.replace("_", " ")))
            out.append(
                Change(
                    label[:1].upper() + label[1:], _plain_value(key, before.get(key)), _plain_value(key, after.get(key))
                )
            )
            continue
        label = str(field.verbose_name)
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
