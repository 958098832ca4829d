"""Check-in at the door under gunicorn, against a minimal authenticated view served by the same server in the
same run (issue 14, part 2).

    .venv/bin/python bench/bench_checkin.py                    # SQLite, 20 clients, 2 rounds of 10 s each kind
    .venv/bin/python bench/bench_checkin.py --database-url postgres://postgres@127.0.0.1:5432/postgres

A throwaway installation in a temporary folder with the demo ward: a SQLite file, or with --database-url a new
database created on that PostgreSQL server (the URL names the database to connect to for CREATE DATABASE) and
dropped at the end. gunicorn serves it with 4 worker processes (config/gunicorn.conf.py, as in production),
through bench/checkin_settings.py: the product's URLs plus /bench/bare/ (bench/checkin_urls.py: login_required,
a few bytes), the floor every authenticated request stands on (the session and the user).

Then `--clients` clients, each with its own session and keep-alive connection, in closed loop (the next request
as soon as the answer came), in rounds of `--seconds`: the bare view, then check-in (the htmx POST of the phone
page, each client marking then undoing its own share of a sitting's electors), and again. Prints req/s, p50 and
p95 of each kind, the load average, and one line per goal:

    RESULT checkin_throughput_ratio measured=<check-in req/s / bare req/s> goal=0.6 ratio=<measured/0.6>
    RESULT checkin_p95_ms measured=<p95 of check-in> goal=100 ratio=<measured/100>
    RESULT checkin_req_s measured=<check-in req/s> goal=500 ratio=<measured/500>

ratio = measured / goal: a rate meets its goal at >= 1, a time at <= 1. The 500 req/s is the province's figure
on 4 cores, reported as measured here. The clients run on the same machine as the server: on a shared or
small machine read the throughput ratio, which both kinds pay alike.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.served import Installation, free_port  # noqa: E402

GOAL_RATIO = 0.6
GOAL_P95_MS = 100
GOAL_REQ_S = 500
WEB_WORKERS = 4

# Run inside the installation (manage.py shell): one session per client at a scheduled sitting, its share of the
# sitting's electors, printed as JSON. Team members check in at group 06 (their place on its team gives the
# right), ward staff at groups 07 and 08 (by role).
PREPARE = r"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from accounts.models import User
from elections.conference.models import Conference, Elector
from elections.models import Campaign

CLIENTS = %(clients)d
campaign = Campaign.objects.get(is_current=True)
sittings = []
for code, usernames in (("06", ("tobaucu6", "tobaucu6b")), ("07", ("mttq",)), ("08", ("ubnd",))):
    conference = Conference.objects.get(
        group_election__campaign=campaign, group_election__group__code=code, status=Conference.Status.SCHEDULED
    )
    electors = list(Elector.objects.filter(group_election_id=conference.group_election_id).order_by("number")
                    .values_list("pk", flat=True))
    sittings.append((conference, electors, [User.objects.get(username=u) for u in usernames]))
clients = []
for index in range(CLIENTS):
    conference, electors, users = sittings[index %% len(sittings)]
    user = users[(index // len(sittings)) %% len(users)]
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sharers = len(range(index %% len(sittings), CLIENTS, len(sittings)))
    share = electors[(index // len(sittings))::sharers]
    clients.append({
        "session": session.session_key,
        "page": reverse("conference:checkin", args=[conference.pk]),
        "toggles": [reverse("conference:checkin_toggle", args=[conference.pk, e]) for e in share],
    })
print(json.dumps(clients))
"""

# After the load: what the check-ins wrote (every answered toggle is one row change and one audit entry).
VERIFY = r"""
import json
from audit.models import AuditEntry
print(json.dumps(AuditEntry.objects.filter(event__in=["checked_in", "check_in_undone"]).count()))
"""


class Client:
    """One phone: its session, one keep-alive connection, its share of the electors."""

    def __init__(self, port: int, spec: dict):
        self.port = port
        self.spec = spec
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = {"sessionid": spec["session"]}
        self.next = 0  # the next of its electors to toggle
        self.marking = True  # marks all of its share, then undoes all, and again

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = urllib.parse.urlencode(body).encode() if body is not None else None
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                # The server closed an idle keep-alive connection (or recycled a worker): one new connection.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _eq, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content

    def open_page(self) -> None:
        status, _content = self.request("GET", self.spec["page"])
        if status != 200 or "csrftoken" not in self.cookies:
            raise RuntimeError(f"the check-in page answered {status}")

    def bare(self) -> int:
        return self.request("GET", "/bench/bare/")[0]

    def toggle(self) -> int:
        toggles = self.spec["toggles"]
        path = toggles[self.next]
        headers = {"HX-Request": "true", "X-CSRFToken": self.cookies["csrftoken"]}
        status, _content = self.request("POST", path, {"op": "mark" if self.marking else "undo"}, headers)
        self.next += 1
        if self.next == len(toggles):
            self.next, self.marking = 0, not self.marking
        return status


def _client_process(port: int, specs: list[dict], plan: list[tuple[str, float]], start_at: float, out) -> None:
    """Runs `specs` clients as threads through the `plan` (kind, seconds), from `start_at` (time.time())."""
    clients = [Client(port, spec) for spec in specs]
    for client in clients:
        client.open_page()
    results: list[tuple[str, int, float]] = []  # (round label, status, seconds)
    lock = threading.Lock()

    def run(client: Client) -> None:
        mine = []
        at = start_at
        for label, seconds in plan:
            kind = label.split("#")[0]
            stop = at + seconds
            while time.time() < stop:
                began = time.perf_counter()
                status = client.toggle() if kind == "checkin" else client.bare()
                mine.append((label, status, time.perf_counter() - began))
            at = stop
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    while time.time() < start_at:
        time.sleep(0.005)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put(results)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _throwaway_postgres(url: str) -> tuple[str, str]:
    """A new database on the server of `url`: (its URL, its name)."""
    import psycopg2  # the driver the product uses for PostgreSQL

    parsed = urllib.parse.urlsplit(url)
    name = f"bench_checkin_{uuid.uuid4().hex[:8]}"
    connection = psycopg2.connect(url)
    connection.autocommit = True
    connection.cursor().execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return urllib.parse.urlunsplit(parsed._replace(path=f"/{name}")), name


def _drop_postgres(url: str, name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    connection.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10, help="length of one round of one kind")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each kind, alternating")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of each kind before the measured rounds")
    parser.add_argument("--client-processes", type=int, default=2, help="load generator processes (threads inside)")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server (a scratch database is made)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, SQLite file)")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="ward-bench-checkin-"))
    database_url, scratch = None, None
    if args.database_url:
        database_url, scratch = _throwaway_postgres(args.database_url)
    site = Installation(folder, database_url=database_url, DJANGO_SETTINGS_MODULE="bench.checkin_settings")
    engine = "PostgreSQL" if database_url else "SQLite (WAL)"
    try:
        started = time.monotonic()
        print(f"Preparing the demo ward in {folder} ({engine})", flush=True)
        site.prepare(demo=True)
        specs = json.loads(site.shell(PREPARE % {"clients": args.clients}).strip().splitlines()[-1])
        audited_before = json.loads(site.shell(VERIFY).strip().splitlines()[-1])
        port = free_port()
        site.start_web(port, workers=WEB_WORKERS)
        print(f"Ready in {time.monotonic() - started:.0f} s: gunicorn {WEB_WORKERS} workers on 127.0.0.1:{port}")

        plan = [("bare#warmup", args.warmup), ("checkin#warmup", args.warmup)]
        for number in range(1, args.rounds + 1):
            plan += [(f"bare#{number}", args.seconds), (f"checkin#{number}", args.seconds)]
        processes = max(1, min(args.client_processes, args.clients))
        shares = [specs[i::processes] for i in range(processes)]
        context = multiprocessing.get_context("fork")
        out = context.Queue()
        start_at = time.time() + 2 + 0.2 * args.clients  # every client has opened its page by then
        workers = [context.Process(target=_client_process, args=(port, share, plan, start_at, out)) for share in shares]
        load_before = os.getloadavg()
        for worker in workers:
            worker.start()
        results = []
        for _worker in workers:  # each sends its rows once, at the end
            results += out.get(timeout=sum(seconds for _label, seconds in plan) + 300)
        for worker in workers:
            worker.join()
        load_after = os.getloadavg()
        audited = json.loads(site.shell(VERIFY).strip().splitlines()[-1]) - audited_before
    finally:
        site.stop_all()
        if scratch:
            _drop_postgres(args.database_url, scratch)

    figures = {}
    print()
    print(
        f"{args.clients} clients (closed loop, {processes} processes), {args.rounds} x {args.seconds:.0f} s of each "
        f"kind, {engine}, gunicorn {WEB_WORKERS} workers x 4 threads, {os.cpu_count()} cores"
    )
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)")
    print(f"{'kind':10} {'requests':>9} {'req/s':>8} {'p50':>8} {'p95':>8} {'failed':>7}")
    for kind in ("bare", "checkin"):
        rows = [r for r in results if r[0].startswith(kind + "#") and not r[0].endswith("#warmup")]
        times = [seconds for _label, _status, seconds in rows]
        failed = sum(1 for _label, status, _s in rows if status != 200)
        rate = len(rows) / (args.rounds * args.seconds)
        figures[kind] = {"rate": rate, "p50": statistics.median(times) * 1000, "p95": _percentile(times, 0.95) * 1000}
        figures[kind]["failed"] = failed
        print(
            f"{kind:10} {len(rows):9d} {rate:8.1f} {figures[kind]['p50']:6.1f}ms {figures[kind]['p95']:6.1f}ms "
            f"{failed:7d}"
        )
    answered = sum(1 for label, status, _s in results if label.startswith("checkin") and status == 200)
    print(f"check-ins answered 200 (warm-up included): {answered}; audit entries written: {audited}")
    problems = []
    if figures["bare"]["failed"] or figures["checkin"]["failed"]:
        problems.append("some requests failed (not 200): see the server's log")
    if audited != answered:
        problems.append(f"{answered} check-ins answered but {audited} audit entries")

    ratio = figures["checkin"]["rate"] / figures["bare"]["rate"]
    p95 = figures["checkin"]["p95"]
    rate = figures["checkin"]["rate"]
    print(f"RESULT checkin_throughput_ratio measured={ratio:.2f} goal={GOAL_RATIO} ratio={ratio / GOAL_RATIO:.2f}")
    print(f"RESULT checkin_p95_ms measured={p95:.0f} goal={GOAL_P95_MS} ratio={p95 / GOAL_P95_MS:.2f}")
    print(f"RESULT checkin_req_s measured={rate:.0f} goal={GOAL_REQ_S} ratio={rate / GOAL_REQ_S:.2f}")
    if problems:
        print("PROBLEMS:\n  " + "\n  ".join(problems))
        print(f"logs kept in {folder}")
        return 1
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
