"""The demo ward: phường Hương Xuân (sample data), its register and one user per role.

Everything is drawn from `random.Random(2021)`, so every run builds the same ward. The names
and addresses are illustrative, not real people. Idempotent: when the ward exists its
register is left alone and only missing demo users are added.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from residents.demo_users import DEMO_PASSWORD, ensure_users
from residents.models import Household, LeaderTerm, PartyCell, Resident, ResidentialGroup, Ward

WARD = {"name": "Hương Xuân", "district": "Thị xã Hương Trà", "province": "Thừa Thiên Huế"}
ELECTION_DAY = datetime.date(2021, 1, 10)

# Households per group "01".."12"; group 05 has exactly 361 (the real 159/361 case).
HOUSEHOLDS = [248, 312, 176, 289, 361, 395, 204, 157, 330, 268, 221, 183]
CELLS = 4  # cell n covers groups 3n-2 .. 3n
# Groups whose 2018-2020 leader is not a Party member.
NON_PARTY_LEADER_GROUPS = {"02", "05", "07", "10", "11"}

STREETS = [
    "Lý Thần Tông",
    "Cách Mạng Tháng Tám",
    "Kim Trà",
    "Độc Lập",
    "Hoàng Trọng Mậu",
    "Nguyễn Đóa",
    "Lê Nguyên Đạt",
    "Trần Quốc Tuấn",
    "Phạm Văn Đồng",
    "Nguyễn Văn Chư",
    "Đặng Đức Tuấn",
    "Tôn Thất Sơn",
    "Hà Thế Hạnh",
    "Lê Thuyết",
    "Trương Văn Thiện",
    "Bùi Dục Tài",
]
FAMILY_NAMES = [
    ("Nguyễn", 30), ("Trần", 10), ("Lê", 9), ("Phan", 6), ("Võ", 6), ("Hồ", 5), ("Phạm", 5), ("Hoàng", 5),
    ("Huỳnh", 4), ("Trương", 3), ("Đặng", 3), ("Ngô", 2), ("Bùi", 2), ("Đỗ", 2), ("Dương", 2), ("Lý", 1),
    ("Châu", 1), ("Tôn", 1), ("Lương", 1), ("Đoàn", 2), ("Mai", 1), ("Thái", 1), ("Ưng", 1),
]  # fmt: skip
MALE_MIDDLE = ["Văn"] * 6 + [
    "Hữu", "Đức", "Quang", "Minh", "Công", "Xuân", "Thanh", "Ngọc", "Đình", "Quốc", "Trọng", "Bá", "Phước",
    "Viết",
]  # fmt: skip
FEMALE_MIDDLE = ["Thị"] * 8 + ["Ngọc", "Thu", "Hoài", "Kim", "Thanh", "Phương", "Bảo", "Mỹ", "Diệu", "Thúy"]
MALE_GIVEN = [
    "An", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Hải", "Hào", "Hiếu", "Hòa", "Hoàng", "Hùng",
    "Hưng", "Huy", "Khánh", "Khoa", "Lâm", "Lộc", "Long", "Lợi", "Minh", "Nam", "Nghĩa", "Nhân", "Phong",
    "Phúc", "Phước", "Quang", "Quân", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thiện", "Thịnh", "Toàn", "Trí",
    "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Ý", "Ân", "Định", "Ước", "Khải", "Lực", "Mạnh", "Nhật",
    "Tín",
]  # fmt: skip
FEMALE_GIVEN = [
    "Anh", "Ánh", "Bích", "Châu", "Chi", "Diễm", "Dung", "Duyên", "Đào", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
    "Hoa", "Hồng", "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhàn", "Nhung",
    "Oanh", "Phương", "Quyên", "Sương", "Tâm", "Thảo", "Thu", "Thủy", "Thúy", "Trâm", "Trang", "Tuyết", "Uyên",
    "Vân", "Xuân", "Yến", "Ửng", "Ý", "Hậu", "Lụa",
]  # fmt: skip
# Province codes of identity numbers (CCCD): Thừa Thiên Huế, and neighbours for temporary residents.
HOME_PROVINCE = "046"
OTHER_PROVINCES = ["044", "045", "048", "049", "040", "079"]


@dataclass
class _Person:
    full_name: str
    birth_date: datetime.date
    gender: str
    residence: str
    identity_number: str = ""
    is_party_member: bool = False
    party_admission_date: datetime.date | None = None


@dataclass
class _Home:
    number: str
    address: str
    people: list[_Person] = field(default_factory=list)  # the head first


class _Maker:
    """Deterministic people, households and identity numbers."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.families = [n for n, _ in FAMILY_NAMES]
        self.family_weights = [w for _, w in FAMILY_NAMES]
        self.ids: set[str] = set()

    def family(self) -> str:
        return self.rng.choices(self.families, self.family_weights)[0]

    def name(self, family: str, gender: str) -> str:
        if gender == Resident.Gender.MALE:
            middle, given = self.rng.choice(MALE_MIDDLE), self.rng.choice(MALE_GIVEN)
        else:
            middle, given = self.rng.choice(FEMALE_MIDDLE), self.rng.choice(FEMALE_GIVEN)
        if self.rng.random() < 0.12:  # some people carry two middle names
            extra = self.rng.choice(["Ngọc", "Thanh", "Minh", "Hoài", "Bảo", "Anh"])
            if extra != middle:
                middle = f"{middle} {extra}"
        return f"{family} {middle} {given}"

    def birth(self, age: int) -> datetime.date:
        return ELECTION_DAY - datetime.timedelta(days=age * 365 + self.rng.randint(15, 350))

    def identity(self, birth: datetime.date, gender: str, province: str) -> str:
        """A 12-digit citizen identity number shaped like the real ones (province, century/sex, year)."""
        century = 0 if birth.year < 2000 else 2
        sex = 0 if gender == Resident.Gender.MALE else 1
        prefix = f"{province}{century + sex}{birth.year % 100:02d}"
        while True:
            number = f"{prefix}{self.rng.randint(0, 999999):06d}"
            if number not in self.ids:
                self.ids.add(number)
                return number

    def person(self, family: str, gender: str, age: int, residence: str, province: str) -> _Person:
        birth = self.birth(age)
        ident = self.identity(birth, gender, province) if age >= 14 else ""
        return _Person(self.name(family, gender), birth, gender, residence, ident)

    def household(self, number: str, address: str) -> _Home:
        rng = self.rng
        temporary = rng.random() < 0.06
        residence = Resident.Residence.TEMPORARY if temporary else Resident.Residence.PERMANENT
        province = rng.choice(OTHER_PROVINCES) if temporary else HOME_PROVINCE
        size = rng.choices([2, 3, 4, 5], [25, 30, 30, 15])[0]
        if temporary:
            size = min(size, 3)
        head_gender = Resident.Gender.MALE if rng.random() < 0.7 else Resident.Gender.FEMALE
        head_age = rng.randint(24, 40) if temporary else rng.randint(28, 82)
        home = _Home(number, address)
        father_family = self.family()
        head = self.person(
            father_family if head_gender == "M" else self.family(), head_gender, head_age, residence, province
        )
        home.people.append(head)
        single_parent = rng.random() < 0.1
        if not single_parent:
            spouse_gender = "F" if head_gender == "M" else "M"
            spouse_age = max(20, head_age + rng.randint(-6, 4) * (1 if head_gender == "M" else -1))
            spouse_family = self.family() if spouse_gender == "F" else father_family
            home.people.append(self.person(spouse_family, spouse_gender, spouse_age, residence, province))
        elif head_gender == "F":
            father_family = self.family()
        while len(home.people) < size:
            oldest = max(0, min(head_age - 20, 55))
            youngest = max(0, head_age - 45)
            child_age = rng.randint(min(youngest, oldest), oldest)
            gender = rng.choice(["M", "F"])
            home.people.append(self.person(father_family, gender, child_age, residence, province))
        if not temporary:
            for person in home.people:
                self._maybe_party_member(person)
        return home

    def _maybe_party_member(self, person: _Person) -> None:
        age = _age(person)
        if age < 18:
            return
        chance = 0.11 if age >= 45 else 0.045
        if self.rng.random() < chance:
            self.make_member(person)

    def make_member(self, person: _Person) -> None:
        age = _age(person)
        joined_at = self.rng.randint(18, max(18, min(age - 1, 50)))
        admission = person.birth_date + datetime.timedelta(days=joined_at * 365 + self.rng.randint(0, 300))
        person.is_party_member = True
        person.party_admission_date = min(admission, ELECTION_DAY - datetime.timedelta(days=30))


def _age(person: _Person) -> int:
    return (ELECTION_DAY - person.birth_date).days // 365


def _pick(rng: random.Random, homes: list[_Home], test, *, exclude=()) -> tuple[_Home, _Person]:
    """A household head (of a permanent household) that passes `test`, chosen at random."""
    candidates = [
        (h, h.people[0])
        for h in homes
        if h.people[0].residence == Resident.Residence.PERMANENT and test(h.people[0]) and h.people[0] not in exclude
    ]
    if not candidates:  # tiny test wards: fall back to any head
        candidates = [(h, h.people[0]) for h in homes if h.people[0] not in exclude] or [(homes[0], homes[0].people[0])]
    return rng.choice(candidates)


def _build_register(ward: Ward, *, households_scale: float) -> dict:
    rng = random.Random(2021)  # noqa: S311 - demo data, not secrets
    maker = _Maker(rng)
    cells = PartyCell.objects.bulk_create(
        [PartyCell(ward=ward, name=f"Chi bộ Khu dân cư {n}") for n in range(1, CELLS + 1)]
    )
    groups, homes_by_group = [], []
    for index, count in enumerate(HOUSEHOLDS):
        code = f"{index + 1:02d}"
        streets = [STREETS[(index * 2) % len(STREETS)], STREETS[(index * 2 + 1) % len(STREETS)]]
        groups.append(
            ResidentialGroup(
                ward=ward,
                code=code,
                name=f"Tổ dân phố {index + 1}",
                party_cell=cells[index // 3],
                area_notes=f"Các hộ dọc đường {streets[0]} và đường {streets[1]}, phường Hương Xuân.",
            )
        )
        size = count if households_scale == 1 else max(3, round(count * households_scale))
        homes = []
        for n in range(1, size + 1):
            street = streets[n % 2]
            address = (
                f"Số {n * 2 + rng.randint(0, 1)} {street}"
                if rng.random() < 0.7
                else f"Kiệt {rng.randint(1, 40)}/{rng.randint(1, 30)} {street}"
            )  # noqa: E501
            homes.append(maker.household(f"{n:03d}", address))
        homes_by_group.append(homes)
    ResidentialGroup.objects.bulk_create(groups)

    # Leaders of 2018-2020 (and of 2016-2018), and the cell secretaries.
    leaders, previous, secretaries = {}, {}, {}
    chosen: list[_Person] = []
    for group, homes in zip(groups, homes_by_group, strict=True):
        _, leader = _pick(rng, homes, lambda p: 40 <= _age(p) <= 68, exclude=chosen)
        chosen.append(leader)
        if group.code in NON_PARTY_LEADER_GROUPS:
            leader.is_party_member, leader.party_admission_date = False, None
        elif not leader.is_party_member:
            maker.make_member(leader)
        leaders[group.code] = leader
        if rng.random() < 0.5:
            previous[group.code] = leader
        else:
            _, earlier = _pick(rng, homes, lambda p: _age(p) >= 60, exclude=chosen)
            previous[group.code] = earlier
    for number, cell in enumerate(cells):
        homes = [h for gi in range(number * 3, number * 3 + 3) for h in homes_by_group[gi]]
        _, secretary = _pick(rng, homes, lambda p: 45 <= _age(p) <= 70, exclude=chosen)
        chosen.append(secretary)
        if not secretary.is_party_member:
            maker.make_member(secretary)
        secretaries[cell.pk] = secretary

    households, residents, person_rows = [], [], []
    for group, homes in zip(groups, homes_by_group, strict=True):
        for home in homes:
            households.append(Household(group=group, number=home.number, address=home.address))
    Household.objects.bulk_create(households, batch_size=1000)
    flat_homes = [h for homes in homes_by_group for h in homes]
    for household, home in zip(households, flat_homes, strict=True):
        cell = household.group.party_cell
        for person in home.people:
            residents.append(
                Resident(
                    household=household,
                    full_name=person.full_name,
                    birth_date=person.birth_date,
                    gender=person.gender,
                    identity_number=person.identity_number,
                    residence_status=person.residence,
                    is_party_member=person.is_party_member,
                    party_cell=cell if person.is_party_member else None,
                    party_admission_date=person.party_admission_date,
                )
            )
            person_rows.append(person)
    Resident.objects.bulk_create(residents, batch_size=1000)
    resident_of = {id(p): r for p, r in zip(person_rows, residents, strict=True)}
    for household, home in zip(households, flat_homes, strict=True):
        household.head = resident_of[id(home.people[0])]
    Household.objects.bulk_update(households, ["head"], batch_size=1000)
    for cell in cells:
        cell.secretary = resident_of[id(secretaries[cell.pk])]
    PartyCell.objects.bulk_update(cells, ["secretary"])

    terms = []
    for group in groups:
        leader, earlier = leaders[group.code], previous[group.code]
        terms.append(
            LeaderTerm(
                group=group,
                resident=resident_of[id(earlier)],
                full_name=earlier.full_name,
                term_label="2016-2018",
                start_date=datetime.date(2016, 1, 17),
                end_date=datetime.date(2018, 7, 8),
                was_party_member=earlier.is_party_member
                and earlier.party_admission_date is not None
                and earlier.party_admission_date < datetime.date(2016, 1, 17),
            )
        )
        terms.append(
            LeaderTerm(
                group=group,
                resident=resident_of[id(leader)],
                full_name=leader.full_name,
                term_label="2018-2020",
                start_date=datetime.date(2018, 7, 8),
                end_date=None,
                was_party_member=leader.is_party_member,
            )
        )
    LeaderTerm.objects.bulk_create(terms)
    return {"households": len(households), "residents": len(residents)}


def load(*, stdout, households_scale: float = 1.0) -> None:
    """Build the demo ward (full size by default; tests pass a small `households_scale`)."""
    ward = Ward.objects.filter(**WARD).first()
    if ward is not None and not ward.is_sample:
        stdout.write("A real ward named Hương Xuân exists: the demo is not loaded beside it.\n")
        return
    if ward is None:
        ward = Ward.objects.create(**WARD, is_sample=True)
        counts = _build_register(ward, households_scale=households_scale)
        stdout.write(
            f"Phường Hương Xuân (sample data): {len(HOUSEHOLDS)} residential groups, {CELLS} Party cells, "
            f"{counts['households']} households, {counts['residents']} residents.\n"
        )
    else:
        stdout.write("Phường Hương Xuân already present: register left as it is.\n")
    created = ensure_users(ward)
    if created:
        stdout.write(f"Demo users created (password {DEMO_PASSWORD}): {', '.join(created)}.\n")
