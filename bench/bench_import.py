"""Benchmark: import a 10,000-row roll, then the same file again, then a file with 1,000 changes,
into a group of a ward whose other groups already hold 100,000 residents (BENCH_WARD_RESIDENTS),
so the import's cost is seen to grow with the file and not with the ward.

    .venv/bin/python bench/bench_import.py                       # a temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_roll .venv/bin/python bench/bench_import.py

With DATABASE_URL the database is migrated and a new sample ward "Bench ..." is added to it on
every run (use a scratch database). Prints the time and the number of SQL queries of each step.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
WARD_RESIDENTS = int(os.environ.get("BENCH_WARD_RESIDENTS", "100000"))
GOAL_SECONDS = 2.0  # issue 14: 10,000 rows in under 2 s
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
_tmpdir = None
if not os.environ.get("DATABASE_URL"):
    _tmpdir = tempfile.TemporaryDirectory(prefix="bench_roll_")
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmpdir.name}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from residents.models import Household, PartyCell, Resident, ResidentialGroup, Ward  # noqa: E402
from residents.roll.columns import COLUMNS  # noqa: E402
from residents.roll.parsing import roll_parse  # noqa: E402
from residents.roll.services import roll_check, roll_import  # noqa: E402

GIVEN = ["An", "Bình", "Cường", "Dung", "Đức", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Phúc", "Quý", "Sơn"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Hồ", "Ngô"]


def roll_csv(rows: int, *, changed: int = 0) -> bytes:
    """`rows` residents in households of four; the first `changed` rows get a new residence status."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in COLUMNS])
    for i in range(rows):
        household, member = divmod(i, 4)
        name = f"{FAMILY[household % 10]} {'Văn' if member % 2 == 0 else 'Thị'} {GIVEN[(i * 7) % 14]} {i}"
        member_of_party = i % 23 == 0
        year = 1940 + (i % 50 if member_of_party else i % 80)
        birth = f"{1 + i % 28:02d}/{1 + i % 12:02d}/{year}"
        writer.writerow(
            [
                str(household + 1),
                f"Số {household + 1}, đường Lý Thần Tông",
                "x" if member == 0 else "",
                name,
                birth,
                "Nam" if member % 2 == 0 else "Nữ",
                f"046{i:09d}" if i % 3 else "",
                "Tạm trú" if (i % 17 == 0) != (i < changed) else "Thường trú",
                "x" if member_of_party else "",
                f"01/01/{year + 20}" if member_of_party else "",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def timed(label: str, func, times: dict | None = None):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
    print(f"  {label:<44} {elapsed:7.2f} s   {len(queries):5d} queries")
    if times is not None:
        times[label] = elapsed
    return result


def fill_ward(ward: Ward, cell: PartyCell, residents: int) -> None:
    """Other groups of the ward holding `residents` people in households of four, with identity
    numbers of their own, and the last 50 rows of the bench file registered there too (a move)."""
    groups = [
        ResidentialGroup.objects.create(ward=ward, code=f"F{n:03d}", name=f"Tổ dân phố đầy {n}", party_cell=cell)
        for n in range(max(1, residents // 2500))
    ]
    households = Household.objects.bulk_create(
        [Household(group=groups[i % len(groups)], number=str(i + 1), address="Bench") for i in range(residents // 4)],
        batch_size=2000,
    )
    people = []
    for i in range(residents):
        moved = residents - i  # 1..50 for the last fifty
        # File row 3k+1 always carries an identity number (see roll_csv).
        number = f"046{3 * (moved - 1) + 1:09d}" if moved <= 50 else f"079{i:09d}"
        people.append(
            Resident(
                household=households[i // 4],
                full_name=f"Người {i}",
                birth_date=f"{1940 + i % 60}-01-01",
                gender="M" if i % 2 else "F",
                identity_number=number,
            )
        )
    Resident.objects.bulk_create(people, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    vendor = connection.vendor
    call_command("migrate", verbosity=0)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    ward = Ward.objects.create(name=f"Bench {stamp}", district="Bench", province="Bench", is_sample=True)
    cell = PartyCell.objects.create(ward=ward, name="Chi bộ bench")
    group = ResidentialGroup.objects.create(ward=ward, code="01", name="Tổ dân phố bench", party_cell=cell)
    admin = User.objects.create(username=f"bench-{stamp}", role=Role.ADMIN)
    content = roll_csv(ROWS)
    changed = roll_csv(ROWS, changed=1000)
    print(f"Roll import benchmark on {vendor}: {ROWS} rows, {len(content) / 1024:.0f} KiB CSV")
    start = time.perf_counter()
    fill_ward(ward, cell, WARD_RESIDENTS)
    print(f"  the ward's other groups hold {WARD_RESIDENTS} residents ({time.perf_counter() - start:.1f} s to build)")
    times: dict[str, float] = {}
    parsed = timed("parse + validate", lambda: roll_parse(content=content, filename="bench.csv"))
    assert parsed.is_valid, parsed.error_messages()[:5]
    timed("parse + validate + compare (preview)", lambda: roll_check(group=group, content=content, filename="b.csv"))
    plan = timed(
        "import into an empty group (all new)",
        lambda: roll_import(actor=admin, group=group, content=content, filename="bench.csv"),
        times,
    )
    assert plan.counts()["residents_created"] == ROWS
    if WARD_RESIDENTS >= 50:
        assert len(plan.warnings) == 50, len(plan.warnings)  # the moved people were found in the ward
    plan = timed(
        "import the same file again (no changes)",
        lambda: roll_import(actor=admin, group=group, content=content, filename="bench.csv"),
    )
    assert not plan.has_changes
    plan = timed(
        "import with 1,000 residents changed",
        lambda: roll_import(actor=admin, group=group, content=changed, filename="bench.csv"),
    )
    print(f"  -> {plan.counts()['residents_updated']} residents updated")
    assert Resident.objects.filter(household__group=group).count() == ROWS
    measured = times["import into an empty group (all new)"]
    print(
        f"RESULT import_{ROWS}_rows_ward_{WARD_RESIDENTS} measured={measured:.2f}s goal={GOAL_SECONDS:.2f}s "
        f"ratio={measured / GOAL_SECONDS:.2f}"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        if _tmpdir is not None:
            connection.close()
            _tmpdir.cleanup()
