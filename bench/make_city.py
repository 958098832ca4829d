"""Command line for the synthetic city (the builder is reports/synthetic_city.py):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench .venv/bin/python bench/make_city.py --groups 2000

The ward is marked as sample data; usernames are bench<ward id>_ubnd / _danguy (password "bench-2021").
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def build_city(**kwargs):
    """reports.synthetic_city.build_city, importable before Django is set up (bench scripts import it first)."""
    from reports.synthetic_city import build_city as build

    return build(**kwargs)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Build a synthetic ward for the benchmarks")
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--households", type=int, default=250, help="households per group")
    parser.add_argument("--residents", type=int, default=2, help="residents per household")
    parser.add_argument("--name", default=None, help="ward name (default: derived from the size)")
    args = parser.parse_args(argv)
    _setup_django()
    from reports.synthetic_city import PASSWORD

    ward = build_city(
        groups=args.groups,
        households=args.households,
        residents_per_household=args.residents,
        name=args.name,
        log=print,
    )
    print(f"Ward {ward} (id {ward.pk}); log in as bench{ward.pk}_ubnd / {PASSWORD}")


if __name__ == "__main__":
    main()
