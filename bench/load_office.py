"""A busy ward office against the product as served in production (gunicorn + the background worker).

A fresh installation in a temporary folder (SQLite by default, the embedded default; --database-url for
PostgreSQL), with the demo ward, served on 127.0.0.1. Then `--clients` clients for `--seconds` seconds:

- readers open pages (dashboard, groups, a group's election, candidates, the print page) and download PDFs
  (voter lists, sign-in sheets, the summary report);
- election-team members check voters in at three conferences (every check-in a write);
- count-board members enter and correct the count of two conferences (every entry a write);
- two batch printers keep print jobs running in the worker, follow them and download the result.

At the end every write is looked for in the database, and the server logs are searched for
"database is locked". It prints the figures and exits 1 when any request failed (5xx), any lock error
was logged or any write is missing.

    .venv/bin/python bench/load_office.py                    # 20 clients x 30 s
    .venv/bin/python bench/load_office.py --seconds 10       # the short version CI runs
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.served import Installation, free_port  # noqa: E402

PASSWORD = "demo2021"

# Run inside the installation (manage.py shell): prepares the scenario, prints it as JSON.
PREPARE = r"""
import json
from django.urls import reverse
from django.utils import timezone
from accounts.models import Role, User
from elections.candidates.selectors import ballot_candidates
from elections.conference.models import BoardRole, Conference, CountBoardMember, Elector
from elections.count.models import INVALID_FIELDS
from elections.count.services.figures import check_count, CountData
from elections.models import Campaign, GroupElection, Stage
from residents.models import PartyCell

campaign = Campaign.objects.get(is_current=True)
elections = {ge.group.code: ge for ge in GroupElection.objects.filter(campaign=campaign).select_related("group")}

# Check-in at the scheduled conferences of groups 6, 7 and 8 (the lists are posted, the electorate frozen).
checkin = []
for code, username in (("06", "tobaucu6"), ("06", "tobaucu6b"), ("07", "mttq"), ("08", "ubnd")):
    ge = elections[code]
    conference = Conference.objects.get(group_election=ge, status=Conference.Status.SCHEDULED)
    electors = list(Elector.objects.filter(group_election=ge).order_by("number").values_list("pk", flat=True))
    checkin.append({"user": username, "conference": conference.pk, "electors": electors})
# The two team members of group 6 share its electorate: each takes every other voter.
checkin[0]["electors"] = checkin[0]["electors"][0::2]
checkin[1]["electors"] = checkin[1]["electors"][1::2]

# The count of groups 9 and 10: their vote is open (set up directly, as if the day had come), one member each.
count = []
for code in ("09", "10"):
    ge = elections[code]
    GroupElection.objects.filter(pk=ge.pk).update(stage=Stage.CONFERENCE_HELD)
    now = timezone.now()
    conference = Conference.objects.create(
        group_election=ge, sequence=1, scheduled_at=now, venue="Nhà văn hóa", chair_name="Lê Văn Chủ",
        status=Conference.Status.VOTING, voting_method="secret", electorate_mode=campaign.electorate_mode,
        electorate_size=300, present_at_vote=250, opened_at=now, vote_opened_at=now,
    )
    username = f"load_count_{code}"
    user = User.objects.filter(username=username).first() or User.objects.create_user(
        username=username, password="demo2021", role=Role.TEAM_MEMBER, ward=ge.group.ward, group=ge.group,
        full_name=f"Kiểm phiếu {code}",
    )
    # Count rights come from a seat on the sitting's count board.
    CountBoardMember.objects.create(
        conference=conference, full_name=f"Kiểm phiếu {code}", role=BoardRole.MEMBER, user=user
    )
    candidates = [c.pk for c in ballot_candidates(ge)]
    figures = []
    for shift in (0, 1):
        votes = {pk: 120 - 20 * i + (shift if i == 0 else -shift if i == 1 else 0) for i, pk in enumerate(candidates)}
        valid = sum(votes.values())
        data = CountData(issued=valid, returned=valid, valid=valid, invalid_by_reason={}, votes=votes)
        check_count(conference=conference, data=data)
        form = {"issued": valid, "returned": valid, "valid": valid}
        form |= {name: 0 for name in INVALID_FIELDS.values()}
        form |= {f"vote_{pk}": n for pk, n in votes.items()}
        figures.append({k: str(v) for k, v in form.items()})
    count.append({"user": username, "conference": conference.pk, "figures": figures})

groups = [ge.group for ge in elections.values()]
pages = [reverse("home"), reverse("reports:dashboard"), reverse("reports:groups"), reverse("residents:group_list"),
         reverse("reports:print_jobs"), reverse("candidates:overview")]
pages += [reverse("elections:group_election_detail", args=[ge.pk]) for ge in elections.values()]
pages += [reverse("candidates:group", args=[ge.pk]) for ge in elections.values()]
pages += [reverse("residents:group_detail", args=[g.pk]) for g in groups]
pdfs = [reverse("residents:voter_list_pdf", args=[g.pk]) for g in groups if g.code in ("03", "08", "11")]
pdfs += [reverse("residents:signin_sheet_pdf", args=[g.pk]) for g in groups if g.code in ("01", "12")]
pdfs += [reverse("reports:summary_pdf")]
cells = list(PartyCell.objects.filter(ward=campaign.ward).order_by("name").values_list("pk", flat=True))
print(json.dumps({"checkin": checkin, "count": count, "pages": pages, "pdfs": pdfs, "cells": cells,
                  "checkin_url": reverse("conference:checkin_toggle", args=[0, 0]),
                  "count_url": reverse("count:count_entry", args=[0]),
                  "print_url": reverse("reports:print_jobs")}))
"""

# Run inside the installation after the load: what the database holds.
VERIFY = r"""
import json
from audit.models import AuditEntry
from elections.conference.models import Attendance
from elections.count.models import TallyEntry
from papers.models import PrintJob
conferences = json.loads('%s')
out = {"attendance": {}, "count_writes": {}, "jobs": {}}
for pk in conferences["checkin"]:
    present = Attendance.objects.filter(conference_id=pk).values_list("elector_id", flat=True)
    out["attendance"][str(pk)] = sorted(present)
for pk in conferences["count"]:
    entries = [str(e) for e in TallyEntry.objects.filter(conference_id=pk).values_list("pk", flat=True)]
    audited = AuditEntry.objects.filter(event__in=["count_entered", "count_entry_changed"], object_id__in=entries)
    out["count_writes"][str(pk)] = audited.filter(object_type=TallyEntry._meta.label_lower).count()
for job in PrintJob.objects.all():
    out["jobs"][str(job.pk)] = {"status": job.status, "pages": job.pages, "kind": job.kind, "attempts": job.attempts}
print(json.dumps(out))
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Client:
    def __init__(self, base: str, stats: Stats):
        self.base = base
        self.stats = stats
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, kind: str, path: str, data: dict | None = None) -> tuple[int, bytes, dict]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 (http://127.0.0.1 only)
        if data is not None:
            request.add_header("X-CSRFToken", self.csrf())
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=120) as response:
                status, content, headers = response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            status, content, headers = error.code, error.read(), dict(error.headers)
        except OSError as error:
            status, content, headers = 599, str(error).encode(), {}
        self.stats.record(kind, status, time.monotonic() - started, path)
        return status, content, headers

    def login(self, username: str) -> None:
        self.request("login", "/accounts/login/")
        status, _c, _h = self.request(
            "login",
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        if status != 302:
            raise RuntimeError(f"login of {username} answered {status}")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[int, int] = defaultdict(int)
        self.failures: list[str] = []

    def record(self, kind: str, status: int, seconds: float, path: str) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            self.statuses[status] += 1
            if status >= 500 or status in (403, 404):
                self.failures.append(f"{status} {kind} {path}")


def reader(client: Client, scenario: dict, stop: float, rng: random.Random) -> None:
    while time.monotonic() < stop:
        if rng.random() < 0.2:
            client.request("pdf", rng.choice(scenario["pdfs"]))
        else:
            client.request("page", rng.choice(scenario["pages"]))
        time.sleep(rng.uniform(0.05, 0.3))


def checker(client: Client, scenario: dict, task: dict, stop: float, done: list) -> None:
    base = scenario["checkin_url"].replace("/0/check-in/0/", "/{c}/check-in/{e}/")
    for elector in task["electors"]:
        if time.monotonic() >= stop:
            return
        status, _c, _h = client.request(
            "check-in",
            base.format(c=task["conference"], e=elector),
            {"op": "mark", "csrfmiddlewaretoken": client.csrf()},
        )
        if status == 302:
            done.append(elector)
        time.sleep(0.1)


def counter(client: Client, scenario: dict, task: dict, stop: float, done: list) -> None:
    url = scenario["count_url"].replace("/0/", f"/{task['conference']}/")
    client.request("page", url)
    turn = 0
    while time.monotonic() < stop:
        data = dict(task["figures"][turn % 2], csrfmiddlewaretoken=client.csrf())
        status, content, _h = client.request("count", url, data)
        if status == 302:
            done.append(turn)
        elif status == 200:
            client.stats.failures.append(
                f"count entry refused: {re.findall(rb'invalid-feedback[^>]*>([^<]+)', content)}"
            )
        turn += 1
        time.sleep(0.3)


def printer(client: Client, scenario: dict, kinds: list[tuple[str, str]], stop: float, jobs: list) -> None:
    for kind, cell in kinds:
        if time.monotonic() >= stop:
            return
        status, _c, headers = client.request(
            "print", scenario["print_url"], {"kind": kind, "party_cell": cell, "csrfmiddlewaretoken": client.csrf()}
        )
        if status != 302:
            client.stats.failures.append(f"print request answered {status}")
            return
        job_url = headers["Location"]
        jobs.append(int(job_url.rstrip("/").rsplit("/", 1)[1]))
        while time.monotonic() < stop:
            _s, content, _h = client.request("page", job_url + "progress/")
            if b"hx-trigger" not in content:  # finished: the fragment stops polling
                client.request("pdf", job_url + "download/")
                break
            time.sleep(1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in a temporary folder")
    parser.add_argument("--web-workers", type=int, default=3)
    args = parser.parse_args(argv)
    if args.clients < 8:
        parser.error("at least 8 clients: 4 check-in, 2 count, 2 printing (the rest read)")

    folder = Path(tempfile.mkdtemp(prefix="ward-load-"))
    site = Installation(folder, database_url=args.database_url)
    started = time.monotonic()
    print(f"Preparing an installation in {folder} ({'SQLite' if not args.database_url else 'PostgreSQL'})", flush=True)
    site.prepare(demo=True)
    scenario = json.loads(site.shell(PREPARE).strip().splitlines()[-1])
    port = free_port()
    site.start_web(port, workers=args.web_workers)
    site.start_worker()
    base = f"http://127.0.0.1:{port}"
    print(f"Ready in {time.monotonic() - started:.0f} s; {args.clients} clients for {args.seconds:.0f} s on {base}")

    stats = Stats()
    checked: dict[int, list] = {t["conference"]: [] for t in scenario["checkin"]}
    counted: dict[int, list] = {t["conference"]: [] for t in scenario["count"]}
    jobs: list[int] = []
    threads = []
    rng = random.Random(2021)
    cells = [str(c) for c in scenario["cells"]]
    try:
        clients = []
        for index in range(args.clients):
            client = Client(base, stats)
            if index < 4:
                task = scenario["checkin"][index]
                client.login(task["user"])
                clients.append((checker, (client, scenario, task, None, checked[task["conference"]])))
            elif index < 6:
                task = scenario["count"][index - 4]
                client.login(task["user"])
                clients.append((counter, (client, scenario, task, None, counted[task["conference"]])))
            elif index == 6:
                client.login("ubnd")  # a long job: the voter lists of a cell's groups, then more
                kinds = [("voter_lists", cells[0]), ("sign_in_sheets", cells[1]), ("voter_lists", cells[2])]
                clients.append((printer, (client, scenario, kinds, None, jobs)))
            elif index == 7:
                client.login("chutich")  # short jobs, one after another
                kinds = [("candidate_lists", cell) for cell in cells * 10]
                clients.append((printer, (client, scenario, kinds, None, jobs)))
            else:
                client.login(("ubnd", "mttq", "chutich")[index % 3])
                clients.append((reader, (client, scenario, None, random.Random(rng.random()))))
        load_started = time.monotonic()
        stop = load_started + args.seconds
        for func, func_args in clients:
            func_args = tuple(stop if a is None else a for a in func_args)
            thread = threading.Thread(target=func, args=func_args, daemon=True)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join(timeout=args.seconds + 180)
        elapsed = time.monotonic() - load_started

        # Let the print jobs that were requested finish (the worker goes on after the clients stop).
        deadline = time.monotonic() + 300
        ids = json.dumps({"checkin": list(checked), "count": list(counted)})
        while True:
            found = json.loads(site.shell(VERIFY % ids).strip().splitlines()[-1])
            unfinished = [j for j in found["jobs"].values() if j["status"] not in ("done", "failed")]
            if not unfinished or time.monotonic() > deadline:
                break
            time.sleep(2)
    finally:
        site.stop_all()

    logs = "\n".join(site.log(p.name) for p in folder.glob("*.log"))
    locked = logs.lower().count("database is locked")
    missing = []
    for pk, electors in checked.items():
        kept = found["attendance"][str(pk)]
        if sorted(electors) != kept:
            missing.append(f"conference {pk}: {len(electors)} check-ins answered, {len(kept)} in the database")
    for pk, writes in counted.items():
        audited = found["count_writes"][str(pk)]
        if len(writes) != audited:
            missing.append(f"conference {pk}: {len(writes)} count entries answered, {audited} in the database")
    for pk in jobs:
        job = found["jobs"].get(str(pk))
        if job is None or job["status"] != "done":
            missing.append(f"print job {pk}: {job}")
    problems = [*stats.failures, *missing]
    if locked:
        problems.append(f'{locked} "database is locked" in the server logs')
    pages = sum(found["jobs"][str(j)]["pages"] for j in jobs if str(j) in found["jobs"])

    total = sum(len(v) for v in stats.times.values())
    print()
    print(
        f"{args.clients} clients, {elapsed:.1f} s, {total} requests ({total / elapsed:.1f}/s), database: "
        f"{'SQLite (WAL)' if not args.database_url else 'PostgreSQL'}, gunicorn {args.web_workers} processes"
    )
    print(f"{'kind':10} {'n':>6} {'median':>8} {'p95':>8} {'max':>8}")
    for kind, times in sorted(stats.times.items()):
        times = sorted(times)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"{kind:10} {len(times):6d} {statistics.median(times) * 1000:6.0f}ms {p95 * 1000:6.0f}ms "
            f"{times[-1] * 1000:6.0f}ms"
        )
    print("statuses: " + ", ".join(f"{code}: {n}" for code, n in sorted(stats.statuses.items())))
    print(
        f"writes: {sum(len(v) for v in checked.values())} check-ins, {sum(len(v) for v in counted.values())} "
        f"count entries, {len(jobs)} print jobs ({pages} pages); every write present: {'no' if missing else 'yes'}"
    )
    print(
        f'"database is locked" in the logs: {locked}; responses 5xx: '
        f"{sum(n for code, n in stats.statuses.items() if code >= 500)}"
    )
    if problems:
        print("PROBLEMS:")
        for problem in problems[:30]:
            print("  " + problem)
        print(f"logs kept in {folder}")
        return 1
    print("RESULT: ok")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
