"""What the register can prove about a candidate: age on the election day and permanent residence.

Small functions over model instances, no writes: used by the nomination and approval services,
the workflow preconditions and the pages that show each candidate's checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from elections.rules import candidate_age_on
from residents.models import Resident, ResidentialGroup


@dataclass(frozen=True)
class RegisterCheck:
    code: str  # "age" or "residence"
    passed: bool
    message: str


def register_checks(
    *, resident: Resident, group: ResidentialGroup, election_day: date, min_age: int
) -> list[RegisterCheck]:
    """The automatic checks of TT 04/2012 Art. 11, each with a sentence naming the person and the rule."""
    name = resident.full_name
    day = election_day.strftime("%d/%m/%Y")
    age = (
        candidate_age_on(birth_date=resident.birth_date, on=election_day) if resident.birth_date <= election_day else 0
    )
    if age >= min_age:
        age_check = RegisterCheck(
            "age",
            True,
            _("%(name)s is %(age)s on the election day %(day)s (at least %(min)s required).")
            % {"name": name, "age": age, "day": day, "min": min_age},
        )
    else:
        age_check = RegisterCheck(
            "age",
            False,
            _(
                "%(name)s is %(age)s on the election day %(day)s: a candidate must be %(min)s or over "
                "(TT 04/2012, Art. 11)."
            )
            % {"name": name, "age": age, "day": day, "min": min_age},
        )

    home_group = resident.household.group
    if home_group.pk != group.pk:
        residence_check = RegisterCheck(
            "residence",
            False,
            _(
                "%(name)s is registered in %(other)s, not in %(group)s: a candidate must have permanent "
                "residence in the group (TT 04/2012, Art. 11)."
            )
            % {"name": name, "other": home_group.name, "group": group.name},
        )
    elif resident.residence_status != Resident.Residence.PERMANENT:
        residence_check = RegisterCheck(
            "residence",
            False,
            _(
                "%(name)s has only temporary residence in %(group)s: a candidate must have permanent "
                "residence in the group (TT 04/2012, Art. 11)."
            )
            % {"name": name, "group": group.name},
        )
    else:
        residence_check = RegisterCheck(
            "residence",
            True,
            _("%(name)s has permanent residence in %(group)s.") % {"name": name, "group": group.name},
        )
    return [age_check, residence_check]


def register_problems(*, resident: Resident, group: ResidentialGroup, election_day: date, min_age: int) -> list[str]:
    return [
        c.message
        for c in register_checks(resident=resident, group=group, election_day=election_day, min_age=min_age)
        if not c.passed
    ]
