"""The public results page under a crowd: median time and queries uncached and cached, and the cost of
refusing an address over its allowance.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench .venv/bin/python bench/bench_public.py

Builds the synthetic wards with bench/make_city.py when they are missing, then requests /results/<campaign>/
through the Django test client without logging in, from many client addresses.
"""

from __future__ import annotations

import argparse
import statistics
import time

from make_city import _setup_django, build_city


def _timed(client, path: str, **extra) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(path, **extra)
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(ctx.captured_queries), response.status_code


def measure(campaign_pk: int, *, runs: int) -> dict:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    settings.PUBLIC_RATE_LIMIT = 5
    client = Client(HTTP_HOST="127.0.0.1")
    path = f"/results/{campaign_pk}/"
    client.get(path, REMOTE_ADDR="10.9.9.9")  # warm up: templates
    uncached, cached, refused = [], [], []
    queries = {}
    for run in range(runs):
        cache.clear()
        ms, n, status = _timed(client, path, REMOTE_ADDR=f"10.0.{run}.1")
        assert status == 200, status
        uncached.append(ms)
        queries["uncached"] = n
        ms, n, status = _timed(client, path, REMOTE_ADDR=f"10.1.{run}.1")
        assert status == 200, status
        cached.append(ms)
        queries["cached"] = n
    for _ in range(5):
        client.get(path, REMOTE_ADDR="10.2.0.1")
    for _ in range(runs):
        ms, n, status = _timed(client, path, REMOTE_ADDR="10.2.0.1")
        assert status == 429, status
        refused.append(ms)
        queries["refused"] = n
    return {
        "uncached": (statistics.median(uncached), queries["uncached"]),
        "cached": (statistics.median(cached), queries["cached"]),
        "refused": (statistics.median(refused), queries["refused"]),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Public results page: uncached, cached and refused requests")
    parser.add_argument("--sizes", default="12,200", help="numbers of groups, comma separated")
    parser.add_argument("--households", type=int, default=250, help="households per group")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from elections.models import Campaign

    call_command("migrate", verbosity=0)
    database = settings.DATABASES["default"]
    print(f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME')}")
    for size in [int(s) for s in args.sizes.split(",")]:
        ward = build_city(groups=size, households=args.households, log=lambda m: print(f"  {m}", flush=True))
        campaign = Campaign.objects.filter(ward=ward, is_current=True).first()
        found = measure(campaign.pk, runs=args.runs)
        line = ", ".join(f"{kind} {ms:.1f} ms / {n} queries" for kind, (ms, n) in found.items())
        print(f"{size:>5} groups: {line}", flush=True)


if __name__ == "__main__":
    main()
