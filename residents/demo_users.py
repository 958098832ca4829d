"""The demo ward's users: one per role, secretaries and team members drawn from the register. Idempotent: only
missing users are created."""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from residents.models import PartyCell, Resident, ResidentialGroup, Ward

DEMO_PASSWORD = "demo2021"  # noqa: S105 - printed for the demo, documented in README
DEMO_USERNAMES = ["ubnd", "mttq", "chutich", "danguy", "ubkt", "bithu1", "bithu2", "tobaucu6", "tobaucu6b", "admin"]
ADMIN_USER = {"username": "admin", "full_name": "Quản trị hệ thống", "position": "Quản trị viên phần mềm"}


def _user_specs(ward: Ward) -> list[dict]:
    """One demo user per role; secretaries and team members are residents of their area."""
    cells = {c.name: c for c in PartyCell.objects.filter(ward=ward).select_related("secretary")}
    groups = {g.code: g for g in ResidentialGroup.objects.filter(ward=ward)}
    cell1, cell2 = cells.get("Chi bộ Khu dân cư 1"), cells.get("Chi bộ Khu dân cư 2")
    group6 = groups.get("06")
    team = list(
        Resident.objects.filter(
            household__group=group6,
            residence_status=Resident.Residence.PERMANENT,
            birth_date__lte=datetime.date(1985, 1, 1),
            is_party_member=False,
        ).order_by("pk")[:2]
    )
    team_names = [r.full_name for r in team] + ["Thành viên Tổ bầu cử 1", "Thành viên Tổ bầu cử 2"]
    specs = [
        {"username": "ubnd", "role": Role.WARD_OFFICIAL, "full_name": "Nguyễn Thị Thu Hà",
         "position": "Công chức Văn phòng - Thống kê UBND phường"},
        {"username": "mttq", "role": Role.FRONT_OFFICIAL, "full_name": "Trần Văn Hòa",
         "position": "Chủ tịch Ủy ban MTTQ Việt Nam phường"},
        {"username": "chutich", "role": Role.CHAIRMAN, "full_name": "Lê Quang Vinh",
         "position": "Chủ tịch UBND phường"},
        {"username": "danguy", "role": Role.COMMITTEE_MEMBER, "full_name": "Phan Đình Tâm",
         "position": "Đảng ủy viên, phụ trách các tổ dân phố 1-4",
         "assigned": [groups[c] for c in ("01", "02", "03", "04") if c in groups]},
        {"username": "ubkt", "role": Role.INSPECTION, "full_name": "Hồ Thị Lan",
         "position": "Ủy viên Ủy ban Kiểm tra Đảng ủy phường"},
    ]  # fmt: skip
    for username, cell in (("bithu1", cell1), ("bithu2", cell2)):
        if cell is not None:
            specs.append(
                {
                    "username": username,
                    "role": Role.CELL_SECRETARY,
                    "full_name": cell.secretary.full_name if cell.secretary else f"Bí thư {cell.name}",
                    "position": f"Bí thư {cell.name}",
                    "party_cell": cell,
                }
            )
    if group6 is not None:
        for username, name in (("tobaucu6", team_names[0]), ("tobaucu6b", team_names[1])):
            specs.append(
                {
                    "username": username,
                    "role": Role.TEAM_MEMBER,
                    "full_name": name,
                    "position": f"Thành viên Tổ bầu cử {group6.name}",
                    "group": group6,
                }
            )
    specs.append({**ADMIN_USER, "role": Role.ADMIN, "is_staff": True, "is_superuser": True})
    return specs


def ensure_users(ward: Ward) -> list[str]:
    """Create the demo users that are missing; existing ones are left as they are."""
    existing = set(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    if existing.issuperset(DEMO_USERNAMES):
        return []
    created, password = [], None
    for spec in _user_specs(ward):
        if spec["username"] in existing:
            continue
        password = password or make_password(DEMO_PASSWORD)  # hash once: hashing is deliberately slow
        assigned = spec.pop("assigned", None)
        user = User.objects.create(ward=ward, password=password, **spec)
        if assigned:
            user.assigned_groups.set(assigned)
        created.append(user.username)
    return created
