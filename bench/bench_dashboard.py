"""Median time and query count of the ward dashboard at 10, 200 and 2,000 groups.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench .venv/bin/python bench/bench_dashboard.py

Builds the synthetic wards with bench/make_city.py when they are missing (250 households per group,
so the 2,000-group ward has 500,000 households), then requests /reports/ through the Django test
client, logged in as the ward official, and prints one line per size.
"""

from __future__ import annotations

import argparse
import statistics
import time

from make_city import _setup_django, build_city


def measure(ward, *, runs: int, path: str) -> tuple[float, int, int]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=f"bench{ward.pk}_ubnd"))
    client.get(path)  # warm up: templates, session
    times = []
    queries = 0
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries, response.context["d"].summary.groups if "d" in response.context else 0


def analyse() -> None:
    """Refresh the planner's statistics after the bulk load, as autovacuum would shortly after."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Dashboard median time and query count")
    parser.add_argument("--sizes", default="10,200,2000", help="numbers of groups, comma separated")
    parser.add_argument("--households", type=int, default=250, help="households per group")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--path", default="/reports/")
    args = parser.parse_args(argv)
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)
    setup_test_environment()  # the test client records the template context (to read the group count)
    database = settings.DATABASES["default"]
    print(f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME')}")
    for size in [int(s) for s in args.sizes.split(",")]:
        started = time.monotonic()
        ward = build_city(groups=size, households=args.households, log=lambda m: print(f"  {m}", flush=True))
        built = time.monotonic() - started
        analyse()
        median, queries, groups = measure(ward, runs=args.runs, path=args.path)
        print(
            f"{size:>5} groups: median {median:7.1f} ms over {args.runs} runs, {queries} queries"
            f" (groups shown {groups}; ward ready in {built:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
