"""Keeping the register in the browser: households and residents, corrections, moves in and out,
deaths, changes of household.

Each service: require (accounts.access) -> lock -> check (duplicates, dates, reason) -> save with
`update_fields` -> audit with old and new values, the date of the event and its reason. A list of
voters already posted for an election (the conference app's frozen electorate) is never touched:
it stays as it was posted; the register's change counts from the next list.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can
from accounts.models import User
from audit.events import Event
from audit.services import audit_log, changed_fields, snapshot
from config.errors import DomainError, validate
from residents.models import Household, Resident, ResidentialGroup
from residents.roll.records import name_key

PERSONAL_FIELDS = [
    "full_name",
    "birth_date",
    "gender",
    "identity_number",
    "residence_status",
    "is_party_member",
    "party_admission_date",
]
AUDITED_FIELDS = [*PERSONAL_FIELDS, "party_cell", "household", "status", "left_on"]
HOUSEHOLD_FIELDS = ["number", "address", "head"]


def _require(actor: User, group: ResidentialGroup) -> None:
    if not can(actor, Action.EDIT_REGISTER, group):
        raise DomainError(_("Only the ward's officials keep the register of %(group)s.") % {"group": group.name})


def _date(value: datetime.date | None, *, field: str, label: str, born: datetime.date | None = None) -> None:
    if value is None:
        raise DomainError(_("%(label)s: give the date.") % {"label": label}, field=field)
    if value > timezone.localdate():
        raise DomainError(_("%(label)s: the date cannot be in the future.") % {"label": label}, field=field)
    if born is not None and value < born:
        raise DomainError(_("%(label)s: the date cannot be before the date of birth.") % {"label": label}, field=field)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Reason: say why, and on what paper (e.g. residence book, death certificate)."), field="reason"
        )
    return reason


def _clean_data(data: dict, group: ResidentialGroup) -> dict:
    """The personal data as the register keeps it, or a DomainError naming the field."""
    values = {name: data.get(name) for name in PERSONAL_FIELDS}
    values["full_name"] = " ".join((values["full_name"] or "").split())
    values["identity_number"] = "".join((values["identity_number"] or "").split())
    values["is_party_member"] = bool(values["is_party_member"])
    if not values["full_name"]:
        raise DomainError(_("Full name: write the resident's full name."), field="full_name")
    _date(values["birth_date"], field="birth_date", label=_("Date of birth"))
    if values["gender"] not in Resident.Gender.values:
        raise DomainError(_("Gender: choose male or female."), field="gender")
    if values["residence_status"] not in Resident.Residence.values:
        raise DomainError(_("Residence: choose permanent or temporary."), field="residence_status")
    if values["identity_number"] and not values["identity_number"].isdigit():
        raise DomainError(_("Identity number: digits only (9 or 12)."), field="identity_number")
    if values["is_party_member"]:
        if group.party_cell_id is None:
            raise DomainError(
                _("%(group)s has no Party cell: a Party member cannot be recorded here.") % {"group": group.name},
                field="is_party_member",
            )
        if values["party_admission_date"] is not None:
            _date(
                values["party_admission_date"],
                field="party_admission_date",
                label=_("Party admission date"),
                born=values["birth_date"],
            )
    else:
        values["party_admission_date"] = None
    values["party_cell_id"] = group.party_cell_id if values["is_party_member"] else None
    return values


def _check_duplicates(*, group: ResidentialGroup, household: Household, values: dict, exclude: int | None) -> None:
    """The same identity number anywhere in the ward, or the same name and birth date in one household."""
    problems, field = [], None
    living = Resident.objects.present().exclude(pk=exclude)
    if values["identity_number"]:
        # By the identity number alone (its index); the ward is checked here.
        other = next(
            (
                r
                for r in living.filter(identity_number=values["identity_number"]).select_related("household__group")
                if r.household.group.ward_id == group.ward_id
            ),
            None,
        )
        if other is not None:
            field = "identity_number"
            problems.append(
                _("Identity number %(number)s is already registered to %(name)s, household %(household)s of %(group)s.")
                % {
                    "number": values["identity_number"],
                    "name": other.full_name,
                    "household": other.household.number,
                    "group": other.household.group.name,
                }
            )
    key = name_key(values["full_name"])
    for other in living.filter(household=household, birth_date=values["birth_date"]):
        if name_key(other.full_name) == key:
            field = field or "full_name"
            problems.append(
                _("%(name)s, born %(date)s, is already registered in household %(household)s.")
                % {
                    "name": other.full_name,
                    "date": other.birth_date.strftime("%d/%m/%Y"),
                    "household": household.number,
                }
            )
            break
    if problems:
        raise DomainError(*problems, field=field if len(problems) == 1 else None)


def _locked_resident(resident: Resident) -> Resident:
    return Resident.objects.select_for_update().select_related("household__group__ward").get(pk=resident.pk)


def _audit_resident(
    *,
    actor: User,
    resident: Resident,
    event: Event,
    before: dict,
    after: dict,
    note: str = "",
    group: ResidentialGroup | None = None,
) -> None:
    audit_log(
        actor=actor,
        obj=resident,
        event=event,
        before=before,
        after=after,
        note=note,
        group=group or resident.household.group,
    )


# ---------------------------------------------------------------- households


def household_create(*, actor: User, group: ResidentialGroup, number: str, address: str = "") -> Household:
    _require(actor, group)
    number, address = (number or "").strip(), (address or "").strip()
    if not number:
        raise DomainError(_("Household number: write the number."), field="number")
    with transaction.atomic():
        group = ResidentialGroup.objects.select_for_update().get(pk=group.pk)
        if Household.objects.filter(group=group, number=number).exists():
            raise DomainError(
                _("%(group)s already has a household %(number)s.") % {"group": group.name, "number": number},
                field="number",
            )
        household = Household(group=group, number=number, address=address)
        validate(household)
        household.save()
        audit_log(
            actor=actor,
            obj=household,
            event=Event.HOUSEHOLD_CREATED,
            after=snapshot(household, ["number", "address"]),
            group=group,
        )
    return household


def household_update(
    *, actor: User, household: Household, number: str, address: str, head: Resident | None
) -> Household:
    group = household.group
    _require(actor, group)
    number, address = (number or "").strip(), (address or "").strip()
    if not number:
        raise DomainError(_("Household number: write the number."), field="number")
    with transaction.atomic():
        household = Household.objects.select_for_update().select_related("group").get(pk=household.pk)
        if Household.objects.filter(group=group, number=number).exclude(pk=household.pk).exists():
            raise DomainError(
                _("%(group)s already has a household %(number)s.") % {"group": group.name, "number": number},
                field="number",
            )
        if head is not None and not (head.household_id == household.pk and head.is_present):
            raise DomainError(_("The head of household must be a member living in it."), field="head")
        before = snapshot(household, HOUSEHOLD_FIELDS)
        household.number, household.address, household.head = number, address, head
        validate(household)
        old, new = changed_fields(before, snapshot(household, HOUSEHOLD_FIELDS))
        if not new:
            return household
        household.save(update_fields=list(new))
        audit_log(actor=actor, obj=household, event=Event.HOUSEHOLD_CHANGED, before=old, after=new, group=group)
    return household


# ---------------------------------------------------------------- residents


def resident_move_in(
    *, actor: User, household: Household, data: dict, on: datetime.date, reason: str, make_head: bool = False
) -> Resident:
    """A resident newly registered in a household (moved in, or missing from the register), with date and reason."""
    group = household.group
    _require(actor, group)
    values = _clean_data(data, group)
    _date(on, field="on", label=_("Moved in on"), born=values["birth_date"])
    reason = _reason(reason)
    with transaction.atomic():
        household = Household.objects.select_for_update().select_related("group").get(pk=household.pk)
        _check_duplicates(group=group, household=household, values=values, exclude=None)
        resident = Resident(household=household, **values)
        validate(resident)
        resident.save()
        _audit_resident(
            actor=actor,
            resident=resident,
            event=Event.RESIDENT_MOVED_IN,
            before={},
            after={**snapshot(resident, AUDITED_FIELDS), "on": on},
            note=reason,
        )
        if make_head or household.head_id is None:
            _set_head(actor=actor, household=household, head=resident)
    return resident


def resident_correct(*, actor: User, resident: Resident, data: dict, reason: str) -> Resident:
    """Correct personal data (a misspelt name, a wrong birth date): old and new values audited."""
    group = resident.household.group
    _require(actor, group)
    values = _clean_data(data, group)
    reason = _reason(reason)
    with transaction.atomic():
        resident = _locked_resident(resident)
        if not resident.is_present:
            raise DomainError(_("%(name)s has left the register: nothing to correct.") % {"name": resident.full_name})
        _check_duplicates(group=group, household=resident.household, values=values, exclude=resident.pk)
        before = snapshot(resident, AUDITED_FIELDS)
        for name, value in values.items():
            setattr(resident, name, value)
        validate(resident)
        old, new = changed_fields(before, snapshot(resident, AUDITED_FIELDS))
        if not new:
            raise DomainError(_("Nothing was changed."))
        resident.save(update_fields=[Resident._meta.get_field(n).name for n in new])
        _audit_resident(
            actor=actor, resident=resident, event=Event.RESIDENT_CORRECTED, before=old, after=new, note=reason
        )
    return resident


def resident_leave(*, actor: User, resident: Resident, kind: str, on: datetime.date, reason: str) -> Resident:
    """Record that a resident moved away or died: they leave every count and list, and stay on record."""
    group = resident.household.group
    _require(actor, group)
    if kind not in (Resident.Status.MOVED_AWAY, Resident.Status.DECEASED):
        raise DomainError(_("Choose: moved away, or deceased."), field="kind")
    label = _("Date of death") if kind == Resident.Status.DECEASED else _("Moved away on")
    _date(on, field="on", label=label, born=resident.birth_date)
    reason = _reason(reason)
    with transaction.atomic():
        resident = _locked_resident(resident)
        if not resident.is_present:
            raise DomainError(
                _("%(name)s already left the register (%(status)s).")
                % {"name": resident.full_name, "status": resident.get_status_display()}
            )
        before = snapshot(resident, ["status", "left_on"])
        resident.status, resident.left_on = kind, on
        validate(resident)
        resident.save(update_fields=["status", "left_on"])
        event = Event.RESIDENT_DIED if kind == Resident.Status.DECEASED else Event.RESIDENT_MOVED_AWAY
        _audit_resident(
            actor=actor,
            resident=resident,
            event=event,
            before=before,
            after=snapshot(resident, ["status", "left_on"]),
            note=reason,
        )
        household = Household.objects.select_for_update().select_related("group").get(pk=resident.household_id)
        if household.head_id == resident.pk:
            _set_head(actor=actor, household=household, head=None)
    return resident


def resident_change_household(
    *, actor: User, resident: Resident, household: Household, on: datetime.date, reason: str, make_head: bool = False
) -> Resident:
    """Move a resident to another household (of this group or another group of the ward)."""
    source_group, target_group = resident.household.group, household.group
    _require(actor, source_group)
    _require(actor, target_group)
    if target_group.ward_id != source_group.ward_id:
        raise DomainError(_("The new household must be in the same ward."), field="household_number")
    _date(on, field="on", label=_("Moved on"), born=resident.birth_date)
    reason = _reason(reason)
    with transaction.atomic():
        resident = _locked_resident(resident)
        if not resident.is_present:
            raise DomainError(_("%(name)s has left the register: nothing to move.") % {"name": resident.full_name})
        if resident.household_id == household.pk:
            raise DomainError(
                _("%(name)s already lives in household %(household)s.")
                % {"name": resident.full_name, "household": household.number},
                field="household_number",
            )
        old_household = Household.objects.select_for_update().select_related("group").get(pk=resident.household_id)
        values = {name: getattr(resident, name) for name in PERSONAL_FIELDS}
        _check_duplicates(group=target_group, household=household, values=values, exclude=resident.pk)
        before = {
            **snapshot(resident, ["household", "party_cell"]),
            "household_number": old_household.number,
            "group_name": source_group.name,
        }
        resident.household = household
        if resident.is_party_member and target_group.party_cell_id:
            resident.party_cell_id = target_group.party_cell_id
        validate(resident)
        resident.save(update_fields=["household", "party_cell"])
        after = {
            **snapshot(resident, ["household", "party_cell"]),
            "household_number": household.number,
            "group_name": target_group.name,
            "on": on,
        }
        _audit_resident(
            actor=actor,
            resident=resident,
            event=Event.RESIDENT_HOUSEHOLD_CHANGED,
            before=before,
            after=after,
            note=reason,
            group=source_group,
        )
        if target_group.pk != source_group.pk:
            _audit_resident(
                actor=actor,
                resident=resident,
                event=Event.RESIDENT_HOUSEHOLD_CHANGED,
                before=before,
                after=after,
                note=reason,
                group=target_group,
            )
        if old_household.head_id == resident.pk:
            _set_head(actor=actor, household=old_household, head=None)
        if make_head or household.head_id is None:
            _set_head(actor=actor, household=Household.objects.select_for_update().get(pk=household.pk), head=resident)
    return resident


def _set_head(*, actor: User, household: Household, head: Resident | None) -> None:
    before = snapshot(household, ["head"])
    household.head = head
    household.save(update_fields=["head"])
    audit_log(
        actor=actor,
        obj=household,
        event=Event.HOUSEHOLD_CHANGED,
        before=before,
        after=snapshot(household, ["head"]),
        group=household.group,
    )
