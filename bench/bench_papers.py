"""Benchmark: how long the printed papers take, from the demo ward.

    .venv/bin/python bench/bench_papers.py                 # all three parts, a temporary SQLite database
    .venv/bin/python bench/bench_papers.py --runs 3 --skip-set
    .venv/bin/python bench/bench_papers.py --out /tmp/papers   # also keep each kind's PDF (to look at them)

Loads the demo ward (`manage.py load_demo`) into a throwaway SQLite database, then times
  (a) the cold render of the voter list of Tổ dân phố 5 (361 households, 18 pages), several runs;
  (b) one paper of each kind for that group (the batch printing registry's producers, which call the
      owning apps' paper functions);
  (c) the ward's whole set: a batch print job of the set's kinds for every group, run as the worker runs it (groups
      in parallel processes, PAPERS_RENDER_PROCESSES), cold, then twice more with the paper cache on (filling it,
      then served from it). The set is the nine kinds issue 14 measured its goal on (ISSUE_SET: term report,
      candidate list, voter list, sign-in sheet, team decision, ballots, minutes, count record, recognition
      decision); `--set-kinds all` adds the kinds made since (plan, consultation minutes, invitations, re-vote
      notice, draft decision), whose invitations alone are a page per two households;
  (d) the voter list as a user gets it once the lists are posted: the worker's advance layout into the paper
      cache, then the Django test client's GET of the group's voter-list view.
"Cold" means a fresh layout with the paper cache off (WeasyPrint keeps no state between documents); the process
is warmed up once first, so imports and the first font load are not counted. Ends with one RESULT line per goal
of issue 14.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
_tmpdir = tempfile.TemporaryDirectory(prefix="bench_papers_")
# Always a throwaway database: the demo is loaded into it.
os.environ["DATABASE_URL"] = f"sqlite:///{_tmpdir.name}/bench.sqlite3"
os.environ["DJANGO_MEDIA_ROOT"] = f"{_tmpdir.name}/media"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from elections.models import GroupElection  # noqa: E402
from papers import batch  # noqa: E402
from papers.kinds import available_kinds, produce  # noqa: E402
from papers.runner import print_job_run  # noqa: E402
from papers.services import print_job_request  # noqa: E402
from residents.models import Ward  # noqa: E402
from residents.papers import warm_posted_lists  # noqa: E402

GROUP_NAME = "Tổ dân phố 5"
# The ward's set as issue 14 measured it (9 kinds x 12 groups, 73 s then), which its goals refer to.
ISSUE_SET = (
    "term_reports",
    "candidate_lists",
    "voter_lists",
    "sign_in_sheets",
    "team_decisions",
    "ballots",
    "minutes",
    "count_records",
    "recognition_decisions",
)
GOALS = {"paper_voter_list_cold": 1.0, "paper_served": 0.5, "ward_set_cold": 15.0, "ward_set_cached": 3.0}
# "Cold": the paper cache off (papers/cache.py), every paper laid out afresh.
NO_CACHE = override_settings(PAPERS_CACHE_MAX_BYTES=0)


def pages(data: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(data)).pages)


def spread(times: list[float]) -> str:
    return f"min {min(times):.3f} s  median {statistics.median(times):.3f} s  max {max(times):.3f} s"


class Timer:
    """Wall time, and this process's CPU time (steadier than wall time on a busy machine)."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def result(name: str, measured: float) -> str:
    goal = GOALS[name]
    return f"RESULT {name} measured={measured:.3f}s goal={goal:.1f}s ratio={measured / goal:.2f}"


def _timing(producer, per_kind: dict[str, list[float]]):
    """`producer` (the registry's `produce`), noting the wall time of each paper under its kind."""

    def timed(code, subject, options):
        start = time.perf_counter()
        try:
            return producer(code, subject, options)
        finally:
            per_kind.setdefault(code, []).append(time.perf_counter() - start)

    return timed


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="renders of the voter list (and GETs of its view)")
    parser.add_argument("--skip-set", action="store_true", help="leave out the ward's whole set (c)")
    parser.add_argument("--out", type=Path, help="write each kind's PDF of the group into this folder")
    parser.add_argument(
        "--set-kinds",
        help="the kinds of the ward's set, comma separated, or 'all' (default: the nine kinds of issue 14's goal)",
    )
    args = parser.parse_args(argv)

    load = os.getloadavg()
    print(f"Papers benchmark: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    ward = Ward.objects.get(is_sample=True)
    print(f"  demo ward {ward.name} loaded in {time.perf_counter() - started:.1f} s")
    admin = User.objects.create(username="bench-papers", role=Role.ADMIN, full_name="Bench")
    election = GroupElection.objects.select_related(
        "group", "group__ward", "group__party_cell", "campaign", "campaign__ward", "campaign__legal_profile"
    ).get(campaign__ward=ward, group__name=GROUP_NAME)
    options = {"full_birth_dates": True}

    # Warm up: imports, templates, the first font load.
    produce("sign_in_sheets", election, options)

    # (a) the cold render of the voter list.
    times, cpu = [], []
    for _ in range(args.runs):
        with NO_CACHE, Timer() as timer:
            data = produce("voter_lists", election, options)
        times.append(timer.wall)
        cpu.append(timer.cpu)
    voter_list_cold = statistics.median(times)
    print(f"(a) voter list of {GROUP_NAME}, {pages(data)} pages, {args.runs} cold renders: {spread(times)}")
    print(f"    CPU time of this process: {spread(cpu)}")

    # (b) one of each kind for that group.
    print(f"(b) one paper of each kind for {GROUP_NAME}:")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for kind in available_kinds():
        subject = election.campaign if kind.ward_level else election
        if not kind.applies_to(subject):
            print(f"    {kind.code:<24} (no place at this group's stage)")
            continue
        try:
            with NO_CACHE, Timer() as timer:
                data = produce(kind.code, subject, options)
        except Exception as exc:  # noqa: BLE001 - a paper that cannot be made is reported, not timed
            print(f"    {kind.code:<24} not made: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
            continue
        print(f"    {kind.code:<24} {timer.wall:7.3f} s  (CPU {timer.cpu:7.3f} s)  {pages(data):3d} pages")
        if args.out:
            (args.out / f"{kind.code}.pdf").write_bytes(data)

    # (d) served: the voter list view through the test client, as the user gets it once its lists are posted - the
    # worker has laid them out into the paper cache (residents/tasks.py), here called directly.
    with translation.override("vi"), Timer() as timer:
        laid_out = warm_posted_lists(election.group)
    print(f"(d) the posted lists laid out in advance by the worker: {laid_out} papers in {timer.wall:.1f} s")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    url = reverse("residents:voter_list_pdf", args=[election.group_id])
    served = []
    for _ in range(args.runs):
        with Timer() as timer:
            response = client.get(url, secure=True)  # as behind the HTTPS proxy (no redirect)
        served.append(timer.wall)
        assert response.status_code == 200, response.status_code
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body.startswith(b"%PDF"), body[:20]
    paper_served = statistics.median(served)
    print(f"    GET {url}, {args.runs} requests: {spread(served)}")

    # (c) the ward's whole set, through the batch producer as the worker runs it.
    ward_set = ward_set_cached = None
    if not args.skip_set:
        if args.set_kinds == "all":
            codes = [kind.code for kind in available_kinds()]
        else:
            codes = args.set_kinds.split(",") if args.set_kinds else list(ISSUE_SET)
        job = print_job_request(user=admin, campaign=election.campaign, kinds=codes)
        per_kind: dict[str, list[float]] = {}
        producer = batch.produce

        batch.produce = _timing(producer, per_kind)  # (split by kind only where groups are rendered in this process)
        try:
            with NO_CACHE, Timer() as timer:
                job = print_job_run(job_id=job.pk, worker_id="bench")
        finally:
            batch.produce = producer
        ward_set = timer.wall
        print(
            f"(c) the ward's whole set: {len(codes)} kinds ({', '.join(codes)}) x {job.total} groups, "
            f"{job.pages} pages, "
            f"{len(job.errors or [])} papers not made, status {job.status}: {ward_set:.1f} s (CPU {timer.cpu:.1f} s)"
        )
        for code, spent in per_kind.items():
            print(f"    {code:<24} {len(spent):3d} papers  {sum(spent):7.2f} s")
        # The same set again with the cache on, twice: the first run fills it, the second is what a reprint costs
        # (every paper read back from the cache, its HTML rendered for the key; nothing it prints changed).
        for attempt in ("filling the cache", "from the cache"):
            job = print_job_request(user=admin, campaign=election.campaign, kinds=codes)
            with Timer() as timer:
                job = print_job_run(job_id=job.pk, worker_id="bench")
            print(f"(c) the same set again, {attempt}: {timer.wall:.1f} s, {job.pages} pages")
        ward_set_cached = timer.wall

    load = os.getloadavg()
    print(f"  load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(result("paper_voter_list_cold", voter_list_cold))
    print(result("paper_served", paper_served))
    if ward_set is not None:
        print(result("ward_set_cold", ward_set))
        print(result("ward_set_cached", ward_set_cached))


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        _tmpdir.cleanup()
