"""Audit entries in words, for the group timeline: the event, and each changed field before -> after."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import events
from audit.models import AuditEntry
from elections.models import Campaign


def event_label(event: str) -> str:
    """The event's label, from `audit.events.Event` (the one place event codes and labels live)."""
    return events.event_label(event)


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


# Keys of JSON-valued figures that are not model fields: their label and how to show their value (a dict).
# The app that owns the figure registers it in its `AppConfig.ready()`.
SPECIAL_KEYS: dict[str, tuple[Any, Callable[[dict], str]]] = {}


def register_figure(key: str, label: Any, render: Callable[[dict], str]) -> None:
    """Show the JSON figure `key` (e.g. votes per candidate) under `label`, its value through `render`."""
    SPECIAL_KEYS[key] = (label, render)


def counts_in_words(choices) -> Callable[[dict], str]:
    """A renderer for {code: number} figures: "Label: n; ..." for the non-zero ones, "0" when none."""
    labels = dict(choices)

    def render(value: dict) -> str:
        parts = [f"{labels.get(k, k)}: {n}" for k, n in value.items() if n]
        return "; ".join(parts) if parts else "0"

    return render


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


# Plain keys whose values are codes of a choice list; sub-apps add theirs in `ready()`.
PLAIN_CHOICES: dict[str, Any] = {"electorate_mode": Campaign.Electorate.choices}


def register_plain_choices(key: str, choices) -> None:
    """The snapshot key `key` holds a code of `choices` (the label is shown)."""
    PLAIN_CHOICES[key] = choices


# How a model is named on the timeline when its name is a related row's field (one query per model, no N+1).
NAME_PATHS: dict[str, str] = {}


def register_name_path(model_label: str, path: str) -> None:
    """Name the rows of `model_label` ("app_label.model") by the value at `path` (e.g. "resident__full_name")."""
    NAME_PATHS[model_label] = path


def _plain_value(key: str, value: Any) -> str:
    if key in PLAIN_CHOICES and isinstance(value, str):
        return str(dict(PLAIN_CHOICES[key]).get(value, value))
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


def _references(entry: AuditEntry, model) -> list[tuple[Any, Any]]:
    """The (related model, id) pairs an entry's foreign-key fields hold."""
    if model is None:
        return []
    out = []
    for snap in (entry.before, entry.after):
        if not isinstance(snap, dict):
            continue
        for key, value in snap.items():
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:
                continue
            if (field.many_to_one or field.one_to_one) and field.related_model is not None and value not in (None, ""):
                try:  # some snapshots keep a name under the relation's key, not its id
                    pk = field.related_model._meta.pk.to_python(value)
                except (ValidationError, TypeError, ValueError):
                    continue
                out.append((field.related_model, pk))
    return out


Names = dict[tuple[str, str], str]


def names_of(entries: list[AuditEntry]) -> Names:
    """Names of every row the entries' foreign keys point at: one query per related model."""
    wanted: dict[Any, set] = {}
    for entry in entries:
        for related, pk in _references(entry, _model(entry.object_type)):
            wanted.setdefault(related, set()).add(pk)
    names: Names = {}
    for related, pks in wanted.items():
        label = related._meta.label_lower
        rows = related._default_manager.filter(pk__in=pks)
        path = NAME_PATHS.get(label)
        # A row's str() may follow its own relations (a conference names its group): joined in the same query.
        pairs = rows.values_list("pk", path) if path else ((row.pk, row) for row in rows.select_related())
        names |= {(label, str(pk)): str(name) for pk, name in pairs}
    return names


def _named(field, value: Any, names: Names) -> str:
    """A foreign key's value as the row's name; its id when the row is gone."""
    if value is None or value == "":
        return "—"
    return names.get((field.related_model._meta.label_lower, str(value)), str(value))


def changes(entry: AuditEntry, names: Names | None = None) -> list[Change]:
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    model = _model(entry.object_type)
    if names is None:
        names = names_of([entry])
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
        if (field.many_to_one or field.one_to_one) and field.related_model is not None:
            shown = _named(field, before.get(key), names), _named(field, after.get(key), names)
        else:
            shown = _value(field, before.get(key)), _value(field, after.get(key))
        out.append(Change(label[:1].upper() + label[1:], *shown))
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
NEVER_GROUPED = {events.Event.STAGE_CHANGED}


def runs(entries: list[AuditEntry]) -> list[Run]:
    """The timeline as runs, in the order given (newest first)."""
    out: list[Run] = []
    names = names_of(entries)
    for entry in entries:
        item = {"entry": entry, "changes": changes(entry, names)}
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
