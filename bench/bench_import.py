"""Benchmark: import a 10,000-row roll, then the same file again, then a file with 1,000 changes.

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
from residents.models import PartyCell, Resident, ResidentialGroup, Ward  # noqa: E402
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


def timed(label: str, func):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
    print(f"  {label:<44} {elapsed:7.2f} s   {len(queries):5d} queries")
    return result


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
    parsed = timed("parse + validate", lambda: roll_parse(content=content, filename="bench.csv"))
    assert parsed.is_valid, parsed.error_messages()[:5]
    timed("parse + validate + compare (preview)", lambda: roll_check(group=group, content=content, filename="b.csv"))
    plan = timed(
        "import into an empty group (all new)",
        lambda: roll_import(actor=admin, group=group, content=content, filename="bench.csv"),
    )
    assert plan.counts()["residents_created"] == ROWS
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


if __name__ == "__main__":
    try:
        main()
    finally:
        if _tmpdir is not None:
            connection.close()
            _tmpdir.cleanup()
