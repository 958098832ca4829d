"""A resident's audit entries in words: the event, its date and reason, each field before -> after."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from audit.events import event_label
from residents.models import Resident

PLAIN = {
    "on": _("Date of the event"),
    "household_number": _("Household"),
    "group_name": _("Residential group"),
}
HIDDEN = {"household", "party_cell"}  # ids; the numbers and names beside them say it


@dataclass(frozen=True)
class HistoryRow:
    at: datetime.datetime
    actor: str
    label: str
    reason: str
    changes: list[tuple[str, str, str]]


def _shown(field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def history_rows(entries) -> list[HistoryRow]:
    rows, seen = [], set()
    for entry in entries:
        key = (entry.event, entry.at, entry.note)
        if key in seen:  # a change of household between groups is logged on both groups' timelines
            continue
        seen.add(key)
        before = entry.before if isinstance(entry.before, dict) else {}
        after = entry.after if isinstance(entry.after, dict) else {}
        changes = []
        for name in list(after) + [k for k in before if k not in after]:
            if name in HIDDEN:
                continue
            try:
                field = Resident._meta.get_field(name)
                label = capfirst(field.verbose_name)
            except FieldDoesNotExist:
                field, label = None, PLAIN.get(name, name)
            changes.append((str(label), _shown(field, before.get(name)), _shown(field, after.get(name))))
        rows.append(
            HistoryRow(
                at=entry.at,
                actor=entry.actor.display_name if entry.actor else "—",
                label=event_label(entry.event),
                reason=entry.note,
                changes=changes,
            )
        )
    return rows
