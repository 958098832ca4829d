"""The ward dashboard and "my area" against a hand-written SQL bound, at 2,000 groups / 500,000 households.

    .venv/bin/python bench/bench_dashboard.py                      # SQLite, the city cached in bench/.cache/
    .venv/bin/python bench/bench_dashboard.py --database-url postgres://postgres@127.0.0.1:5432/h_bench

Builds the synthetic ward (reports/synthetic_city.py and synthetic_register.py; 250 households of 2 residents per
group, so 2,000 groups hold 500,000 households and 1,000,000 residents) unless it is there already. On SQLite the
built database file is kept in bench/.cache/, named by the builder's parameters and a hash of the migrations and
the builder, so a second run starts at once; on PostgreSQL the ward stays in the given database (the builder
returns an existing ward of the same name).

Measured, each the median of --runs after one warm-up:
- the ward dashboard: GET /reports/ through the Django test client, logged in as the ward official
  (the whole request: session, access, selectors, template), and the selector alone
  (reports.selectors.dashboard.ward_dashboard: every figure, the late groups, tasks and difficulties);
- "my area": the same with ?mine=1 as the Party committee member, whose area is a tenth of the groups;
- the SQL bound (bench/dashboard_bound.py): one hand-written statement computing the same figures
  (CTEs; GROUPING SETS on PostgreSQL, UNION ALL on SQLite), run on the same connection, for each scope.
The bound's figures are checked against the dashboard's, so the bound cannot drift from what is shown.
RESULT dashboard_<scope>_ms is the whole request (goal < 100 ms); dashboard_<scope>_vs_sql is the selector
against the bound, both computing the same figures (goal <= 2).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"


def _cache_key(groups: int, households: int) -> str:
    """The builder's parameters, the migrations and the builder itself: any change means a new build."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")) + sorted(ROOT.glob("*/*/migrations/*.py")):
        if ".venv" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    digest.update((ROOT / "reports" / "synthetic_city.py").read_bytes())
    digest.update((ROOT / "reports" / "synthetic_register.py").read_bytes())
    return f"city-g{groups}-h{households}-{digest.hexdigest()[:12]}"


def _setup(database_url: str | None, groups: int, households: int) -> tuple[Path | None, Path | None]:
    """Point Django at the database; for the SQLite cache return (final file, file being built)."""
    cached = building = None
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        CACHE.mkdir(exist_ok=True)
        cached = CACHE / f"{_cache_key(groups, households)}.sqlite3"
        building = cached.with_suffix(".building")
        if not cached.exists():
            for stale in CACHE.glob(f"{building.name}*"):
                stale.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{cached if cached.exists() else building}"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # DEBUG off, as in production (no query log kept)
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
    # No collectstatic needed: plain static URLs (the manifest lookup is not what is measured).
    os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
    import django

    django.setup()
    return cached, building


def _finish_cache(cached: Path | None, building: Path | None) -> None:
    """A complete build becomes the cached file (a half-built one is never reused)."""
    if cached is None or cached.exists() or building is None:
        return
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    shutil.move(building, cached)
    for leftover in CACHE.glob(f"{building.name}-*"):
        leftover.unlink()
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = str(cached)


def _median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Dashboard median time against its SQL bound")
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--households", type=int, default=250, help="households per group")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url", default=None, help="default: a cached SQLite file in bench/.cache/")
    parser.add_argument("--build-only", action="store_true", help="build (or find) the city and stop")
    args = parser.parse_args(argv)
    cached, building = _setup(args.database_url, args.groups, args.households)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from bench.dashboard_bound import bound_figures, shown_figures
    from reports.selectors.dashboard import ward_dashboard
    from reports.synthetic_city import build_city

    database = settings.DATABASES["default"]
    print(f"database: {connection.vendor} {database.get('NAME')}; load average {os.getloadavg()}")
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    ward = build_city(groups=args.groups, households=args.households, log=lambda m: print(f"  {m}", flush=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would shortly after the bulk load
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        _finish_cache(cached, building)
    print(f"ward ready in {time.monotonic() - started:.0f} s")
    if args.build_only:
        return

    setup_test_environment()  # the test client records the template context (the figures shown)
    results = {}
    for name, username, path in (
        ("ward", f"bench{ward.pk}_ubnd", "/reports/"),
        ("area", f"bench{ward.pk}_danguy", "/reports/?mine=1"),
    ):
        user = User.objects.get(username=username)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        data = response.context["d"]
        queries = []
        with connection.execute_wrapper(lambda execute, *a, q=queries: q.append(1) or execute(*a)):
            client.get(path)
        page_ms = _median_ms(lambda c=client, p=path: client_get(c, p), args.runs)
        mine = path.endswith("mine=1")
        params = {"mine": "1"} if mine else {}
        selector_ms = _median_ms(lambda u=user, p=params: ward_dashboard(u, p), args.runs)
        shown = shown_figures(data)
        bound = bound_figures(ward=ward, campaign=data.scope.campaign, user=user if mine else None)
        if bound != shown:
            keys = shown.keys() | bound.keys()
            diff = {k: (shown.get(k), bound.get(k)) for k in keys if shown.get(k) != bound.get(k)}
            print(f"  WARNING: the SQL bound disagrees with the dashboard on {diff}")
        bound_ms = _median_ms(
            lambda m=mine, u=user, c=data.scope.campaign: bound_figures(ward=ward, campaign=c, user=u if m else None),
            args.runs,
        )
        results[name] = (page_ms, selector_ms, bound_ms)
        print(
            f"{name:>5}: {data.summary.groups} groups; page {page_ms:7.1f} ms ({len(queries)} queries);"
            f" selector {selector_ms:7.1f} ms; SQL bound {bound_ms:6.1f} ms"
            f" ({len(shown)} figures, {'equal' if bound == shown else 'NOT equal'})"
        )
    print(f"load average {os.getloadavg()}")
    # The page goal is the whole request; the bound compares what computes the same figures (the selector).
    for name, (page_ms, selector_ms, bound_ms) in results.items():
        print(f"RESULT dashboard_{name}_ms measured={page_ms:.1f} goal=100 ratio={page_ms / 100:.2f}")
        times = selector_ms / bound_ms
        print(f"RESULT dashboard_{name}_vs_sql measured={times:.2f} goal=2 ratio={times / 2:.2f}")


def client_get(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.status_code


if __name__ == "__main__":
    main()
