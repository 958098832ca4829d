"""The register of the synthetic city (reports/synthetic_city.py): households and residents with Vietnamese names,
written in batches."""

from __future__ import annotations

import datetime
import random

from residents.models import Household, Resident, ResidentialGroup

BATCH = 5000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Quang", "Minh", "Công"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Ngọc", "Thị Kim", "Thị Thanh"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hùng", "Khoa", "Long", "Nam", "Phúc", "Quý", "Sơn", "Tâm", "Vinh"]
GIVEN_F = ["Anh", "Bích", "Chi", "Dung", "Hà", "Hoa", "Lan", "Mai", "Nga", "Oanh", "Phương", "Thảo", "Yến"]


def _name(rng: random.Random, gender: str) -> str:
    if gender == "M":
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def households_and_residents(
    group_objs: list[ResidentialGroup], *, households: int, residents_per_household: int, rng: random.Random
) -> tuple[dict[int, list[Resident]], int]:
    """`households` households of `residents_per_household` residents in each group; returns a few residents of each
    group (for candidates and leaders) and the number of households."""
    # Households and residents, in batches (RETURNING gives the ids on PostgreSQL and SQLite).
    residents_by_group: dict[int, list[Resident]] = {g.pk: [] for g in group_objs}
    pending: list[Household] = []

    def flush(batch: list[Household]) -> None:
        created = Household.objects.bulk_create(batch)
        people = []
        for household in created:
            households_group[household.pk] = household.group_id
            group = groups_by_pk[household.group_id]
            for k in range(residents_per_household):
                gender = "M" if (k == 0) == (rng.random() < 0.7) else "F"
                member_flag = rng.random() < 0.08
                people.append(
                    Resident(
                        household=household,
                        full_name=_name(rng, gender),
                        birth_date=datetime.date(rng.randint(1935, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                        gender=gender,
                        is_party_member=member_flag,
                        party_cell_id=group.party_cell_id if member_flag else None,
                    )
                )
        for resident in Resident.objects.bulk_create(people, batch_size=BATCH):
            lst = residents_by_group[households_group[resident.household_id]]
            if len(lst) < 12:  # keep a few per group for candidates and leaders
                lst.append(resident)

    groups_by_pk = {g.pk: g for g in group_objs}
    households_group: dict[int, int] = {}
    total = 0
    for group in group_objs:
        for h in range(households):
            pending.append(Household(group=group, number=f"{h + 1:03d}", address=f"Số {h + 1}, đường số {group.code}"))
        if len(pending) >= BATCH:
            batch, pending = pending, []
            flush(batch)
            total += len(batch)
    if pending:
        flush(pending)
        total += len(pending)
    return residents_by_group, total
