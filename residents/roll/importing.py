"""Comparing a checked roll with the register, and writing the difference in bulk.

The file is the full roll of one group. Households are matched by number within the group;
residents by identity number when the file gives one, else by (household, full name, date of
birth). Residents and households of the group that the file does not mention are listed as
"not in the file" and left untouched: nobody is deleted by an import.

Reads are a fixed handful of queries and writes go in batches, whatever the number of rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from residents.models import Household, Resident, ResidentialGroup
from residents.roll.columns import GENDER_LABELS, RESIDENCE_LABELS, format_date, natural_key
from residents.roll.records import ParsedRoll, RollError, RollRow, name_key

BATCH_SIZE = 500

# Resident fields an import may set, and the file column each one comes from.
RESIDENT_FIELDS = (
    ("full_name", "full_name"),
    ("birth_date", "birth_date"),
    ("gender", "gender"),
    ("identity_number", "identity_number"),
    ("residence_status", "residence"),
    ("is_party_member", "party_member"),
    ("party_cell_id", "party_member"),
    ("party_admission_date", "party_member"),
)


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HouseholdPlan:
    number: str
    address: str
    existing: OldHousehold | None
    changes: list[Change] = field(default_factory=list)
    size: int = 0
    address_changed: bool = False


@dataclass
class ResidentPlan:
    row: RollRow
    existing: OldResident | None
    values: dict  # field name -> value from the file
    changed: list[str] = field(default_factory=list)  # field names whose value changes
    changes: list[Change] = field(default_factory=list)


@dataclass
class RollPlan:
    group: ResidentialGroup
    households_new: list[HouseholdPlan] = field(default_factory=list)
    households_updated: list[HouseholdPlan] = field(default_factory=list)
    households_unchanged: list[HouseholdPlan] = field(default_factory=list)
    households_not_in_file: list[OldHousehold] = field(default_factory=list)
    residents_new: list[ResidentPlan] = field(default_factory=list)
    residents_updated: list[ResidentPlan] = field(default_factory=list)
    residents_unchanged: list[ResidentPlan] = field(default_factory=list)
    residents_not_in_file: list[OldResident] = field(default_factory=list)
    # household number -> the file row of its head (every household of the file has exactly one)
    heads: dict[str, RollRow] = field(default_factory=dict)
    warnings: list[RollError] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.households_new or self.households_updated or self.residents_new or self.residents_updated)

    def counts(self) -> dict[str, int]:
        return {
            "households_created": len(self.households_new),
            "households_updated": len(self.households_updated),
            "households_unchanged": len(self.households_unchanged),
            "households_not_in_file": len(self.households_not_in_file),
            "residents_created": len(self.residents_new),
            "residents_updated": len(self.residents_updated),
            "residents_unchanged": len(self.residents_unchanged),
            "residents_not_in_file": len(self.residents_not_in_file),
        }


def _labels() -> dict[str, str]:
    return {
        "address": _("address"),
        "head": _("head of household"),
        "full_name": _("full name"),
        "birth_date": _("date of birth"),
        "gender": _("gender"),
        "identity_number": _("identity number"),
        "residence_status": _("residence status"),
        "is_party_member": _("Party member"),
        "party_cell_id": _("Party cell"),
        "party_admission_date": _("Party admission date"),
    }


def _shown(field_name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return format_date(value)
    if field_name == "gender":
        return GENDER_LABELS.get(value, value)
    if field_name == "residence_status":
        return RESIDENCE_LABELS.get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _file_values(row: RollRow, columns: set[str], party_cell_id: int | None) -> dict:
    """The resident fields the file sets. A column absent from the file leaves its fields as they are."""
    values = {"full_name": row.full_name, "birth_date": row.birth_date, "gender": row.gender}
    if "identity_number" in columns:
        values["identity_number"] = row.identity_number
    if "residence" in columns:
        values["residence_status"] = row.residence
    if "party_member" in columns:
        values["is_party_member"] = row.is_party_member
        values["party_cell_id"] = party_cell_id if row.is_party_member else None
        values["party_admission_date"] = row.party_admission_date if row.is_party_member else None
    return values


@dataclass(slots=True)
class OldHousehold:
    """A household of the register, as much as the comparison needs (no model instance: fast to load)."""

    pk: int
    number: str
    address: str
    head_id: int | None


@dataclass(slots=True)
class OldResident:
    pk: int
    household_id: int
    household_number: str
    full_name: str
    birth_date: datetime.date
    gender: str
    identity_number: str
    residence_status: str
    is_party_member: bool
    party_cell_id: int | None
    party_admission_date: datetime.date | None


OLD_RESIDENT_COLUMNS = (
    "pk",
    "household_id",
    "household__number",
    "full_name",
    "birth_date",
    "gender",
    "identity_number",
    "residence_status",
    "is_party_member",
    "party_cell_id",
    "party_admission_date",
)


def roll_plan(*, group: ResidentialGroup, parsed: ParsedRoll) -> RollPlan:
    """What importing `parsed` into `group` would do. Reads only (3 queries); `parsed` must be valid."""
    assert parsed.is_valid, "plan only a valid roll"
    plan = RollPlan(group=group)
    labels = _labels()
    existing_households = {
        h.number: h
        for h in (
            OldHousehold(*values)
            for values in Household.objects.filter(group=group).values_list("pk", "number", "address", "head_id")
        )
    }
    existing_residents = [
        OldResident(*values)
        for values in Resident.objects.present()
        .filter(household__group=group)
        .order_by("pk")
        .values_list(*OLD_RESIDENT_COLUMNS)
    ]
    residents_by_pk = {r.pk: r for r in existing_residents}

    # Households.
    household_plans: dict[str, HouseholdPlan] = {}
    for number, household in parsed.households.items():
        plan.heads[number] = household.head
        old = existing_households.get(number)
        hp = household_plans[number] = HouseholdPlan(
            number=number, address=household.address, existing=old, size=len(household.rows)
        )
        if old is not None and "address" in parsed.columns and old.address != household.address:
            hp.address_changed = True
            hp.changes.append(
                Change(labels["address"], _shown("address", old.address), _shown("address", household.address))
            )
    plan.households_not_in_file = sorted(
        (h for n, h in existing_households.items() if n not in parsed.households), key=lambda h: natural_key(h.number)
    )

    # Residents: first by identity number, then by (household, name, birth date) among those left.
    by_identity = {r.identity_number: r for r in existing_residents if r.identity_number}
    claimed: set[int] = set()
    match: dict[int, OldResident] = {}  # file row number -> resident of the register
    for row in parsed.rows:
        resident = by_identity.get(row.identity_number) if row.identity_number else None
        if resident is not None:
            match[row.row] = resident
            claimed.add(resident.pk)
    by_person: dict[tuple, OldResident] = {}
    for r in existing_residents:
        if r.pk not in claimed:
            by_person.setdefault((r.household_number, name_key(r.full_name), r.birth_date), r)
    for row in parsed.rows:
        if row.row in match:
            continue
        resident = by_person.pop(row.person_key, None)
        if resident is not None:
            match[row.row] = resident
            claimed.add(resident.pk)

    party_cell_id = group.party_cell_id
    for row in parsed.rows:
        values = _file_values(row, parsed.columns, party_cell_id)
        resident = match.get(row.row)
        rp = ResidentPlan(row=row, existing=resident, values=values)
        if resident is None:
            plan.residents_new.append(rp)
            continue
        if resident.household_number != row.household:
            rp.changed.append("household_id")
            rp.changes.append(Change(_("household"), resident.household_number, row.household))
        for name, value in values.items():
            old_value = getattr(resident, name)
            if old_value != value:
                rp.changed.append(name)
                if name != "party_cell_id":
                    rp.changes.append(Change(labels[name], _shown(name, old_value), _shown(name, value)))
        (plan.residents_updated if rp.changed else plan.residents_unchanged).append(rp)
    plan.residents_not_in_file = sorted(
        (r for r in existing_residents if r.pk not in claimed), key=lambda r: (natural_key(r.household_number), r.pk)
    )

    # A household of the register whose head differs from the file's head changes too.
    for number, hp in household_plans.items():
        if hp.existing is None:
            plan.households_new.append(hp)
            continue
        head_row = plan.heads[number]
        head = match.get(head_row.row)
        if head is None or hp.existing.head_id != head.pk:
            old_head = residents_by_pk.get(hp.existing.head_id)
            hp.changes.append(Change(labels["head"], old_head.full_name if old_head else "—", head_row.full_name))
        (plan.households_updated if hp.changes else plan.households_unchanged).append(hp)

    plan.warnings = _identity_warnings(group, parsed)
    return plan


def _identity_warnings(group: ResidentialGroup, parsed: ParsedRoll) -> list[RollError]:
    """Identity numbers of the file already registered in another group of the ward: probably a move."""
    rows_by_identity = {r.identity_number: r for r in parsed.rows if r.identity_number}
    if not rows_by_identity:
        return []
    # Look up only the file's numbers (in batches, under SQLite's parameter limit), so the cost grows
    # with the file, not with the ward's register.
    # The filter is on the identity number alone (its index), the ward and group are checked here:
    # with them in the query SQLite would walk the ward's households instead.
    numbers = sorted(rows_by_identity)
    others = []
    for start in range(0, len(numbers), BATCH_SIZE):
        found = (
            Resident.objects.filter(identity_number__in=numbers[start : start + BATCH_SIZE])
            .order_by()
            .values_list(
                "identity_number",
                "full_name",
                "household__number",
                "household__group__name",
                "household__group__ward_id",
                "household__group_id",
                "status",
            )
        )
        # Who moved away or died no longer holds a place in the register (checked here, not in the query).
        others += [
            row[:4]
            for row in found
            if row[4] == group.ward_id and row[5] != group.pk and row[6] == Resident.Status.PRESENT
        ]
    warnings = []
    for number, name, household, group_name in others:
        row = rows_by_identity.get(number)
        if row is None:
            continue
        warnings.append(
            RollError(
                _(
                    "the identity number %(number)s also belongs to %(name)s, household %(household)s of "
                    "%(group)s. If this person has moved, remove them from that group."
                )
                % {"number": number, "name": name, "household": household, "group": group_name},
                row=row.row,
                column=parsed.headers.get("identity_number"),
            )
        )
    return sorted(warnings, key=lambda w: w.row or 0)


def roll_apply(*, plan: RollPlan) -> None:
    """Write `plan`: new households and residents in bulk, changed fields only, heads last.

    Run inside a transaction (the service does). The number of queries grows with the number of
    batches, never with the number of rows.
    """
    group = plan.group
    household_ids: dict[str, int] = {
        hp.number: hp.existing.pk for hp in (*plan.households_updated, *plan.households_unchanged)
    }
    created = [Household(group=group, number=hp.number, address=hp.address) for hp in plan.households_new]
    # PostgreSQL and SQLite >= 3.35 return the new primary keys, which the residents and heads below need.
    Household.objects.bulk_create(created, batch_size=BATCH_SIZE)
    household_ids.update({h.number: h.pk for h in created})

    addresses = [(hp.existing.pk, {"address": hp.address}) for hp in plan.households_updated if hp.address_changed]
    _bulk_set(Household, addresses, ("address",))

    new_residents = [Resident(household_id=household_ids[rp.row.household], **rp.values) for rp in plan.residents_new]
    Resident.objects.bulk_create(new_residents, batch_size=BATCH_SIZE)
    resident_ids = {rp.row.row: r.pk for rp, r in zip(plan.residents_new, new_residents, strict=True)}

    by_fields: dict[tuple[str, ...], list[tuple[int, dict]]] = {}
    for rp in plan.residents_updated:
        changes = {name: rp.values[name] for name in rp.changed if name != "household_id"}
        if "household_id" in rp.changed:
            changes["household_id"] = household_ids[rp.row.household]
        by_fields.setdefault(tuple(sorted(changes)), []).append((rp.existing.pk, changes))
    for fields, changes in by_fields.items():
        _bulk_set(Resident, changes, fields)

    resident_ids.update({rp.row.row: rp.existing.pk for rp in (*plan.residents_updated, *plan.residents_unchanged)})
    current_heads = {hp.number: hp.existing.head_id for hp in (*plan.households_updated, *plan.households_unchanged)}
    new_heads = []
    for number, head_row in plan.heads.items():
        head_id = resident_ids[head_row.row]
        if current_heads.get(number) != head_id:
            new_heads.append((household_ids[number], {"head_id": head_id}))
    _bulk_set(Household, new_heads, ("head_id",))


def _bulk_set(model, changes: list[tuple[int, dict]], fields: tuple[str, ...]) -> None:
    """Set `fields` of the rows given as (pk, {attname: value}): the SQL of QuerySet.bulk_update
    (UPDATE ... SET f = CASE pk WHEN .. THEN .. END WHERE pk IN (..)), in batches, but without the
    one Django expression per row and field that makes bulk_update ten times slower."""
    if not changes:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    pk_column = quote(meta.pk.column)
    columns = [next(f for f in meta.concrete_fields if f.attname == name) for name in fields]
    # At most 900 parameters a statement, under SQLite's historical limit of 999.
    batch = max(1, min(BATCH_SIZE, 900 // (2 * len(columns) + 1)))
    with connection.cursor() as cursor:
        for start in range(0, len(changes), batch):
            chunk = changes[start : start + batch]
            params, assignments = [], []
            for column in columns:
                case = f"CASE {pk_column} {' '.join(['WHEN %s THEN %s'] * len(chunk))} END"
                if connection.features.requires_casted_case_in_updates:  # PostgreSQL types the CASE as text
                    case = f"CAST({case} AS {column.db_type(connection)})"
                assignments.append(f"{quote(column.column)} = {case}")
                for pk, values in chunk:
                    params += [pk, column.get_db_prep_save(values[column.attname], connection)]
            placeholders = ", ".join(["%s"] * len(chunk))
            table = quote(meta.db_table)
            # Only quoted names of this model go into the text; every value is a parameter.
            sql = f"UPDATE {table} SET {', '.join(assignments)} WHERE {pk_column} IN ({placeholders})"  # noqa: S608
            cursor.execute(sql, [*params, *(pk for pk, _values in chunk)])
