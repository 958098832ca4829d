"""A worker killed with SIGKILL in the middle of a print job: the job is noticed, taken up again and ends."""

import signal
import sqlite3
import time

import pytest

from config.served import Installation

CREATE_JOB = """
from accounts.models import User
from elections.models import Campaign
from residents.models import PartyCell
from papers.services import print_job_request
user = User.objects.get(username="ubnd")
campaign = Campaign.objects.get(is_current=True, ward__name="Hương Xuân")
cell = PartyCell.objects.filter(ward=campaign.ward).order_by("name").first()
print(print_job_request(user=user, campaign=campaign, kind="candidate_lists", party_cell=cell).pk)
"""


def _job(db_path, job_id: int) -> dict:
    with sqlite3.connect(db_path, timeout=30) as db:
        db.row_factory = sqlite3.Row
        row = db.execute("SELECT * FROM reports_printjob WHERE id = ?", (job_id,)).fetchone()
        return dict(row)


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


@pytest.mark.served
def test_sigkill_mid_job_then_the_job_ends(tmp_path):
    site = Installation(tmp_path, WORKER_HEARTBEAT_SECONDS="1", WORKER_STALE_SECONDS="5")
    site.prepare(demo=True, static=False)
    db_path = tmp_path / "db.sqlite3"
    job_id = int(site.shell(CREATE_JOB).strip().splitlines()[-1])
    try:
        first = site.start_worker("worker-1")
        _wait(lambda: _job(db_path, job_id)["status"] == "running", 120, "the first worker starts the job")
        assert _job(db_path, job_id)["total"] >= 2
        site.stop(first, signal.SIGKILL)
        killed_at = time.monotonic()
        lost = _job(db_path, job_id)
        assert lost["status"] == "running" and lost["attempts"] == 1 and lost["done"] < lost["total"]

        site.start_worker("worker-2")
        # The new worker notices the silent heartbeat and takes the job up again, well within a minute.
        _wait(lambda: _job(db_path, job_id)["attempts"] == 2, 60, "the job is taken up again")
        assert time.monotonic() - killed_at < 60
        finished = _wait(
            lambda: (job := _job(db_path, job_id))["status"] in ("done", "failed") and job, 240, "the job ends"
        )
        assert finished["status"] == "done", finished["failure"]
        assert finished["done"] == finished["total"] and finished["printed"] >= 1 and finished["pages"] >= 1
        assert (tmp_path / "media" / finished["file"]).stat().st_size > 1000
        with sqlite3.connect(db_path) as db:
            rows = db.execute("SELECT event FROM audit_auditentry WHERE object_id = ?", (str(job_id),))
            events = [event for (event,) in rows]
            tasks = dict(db.execute("SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY status"))
        assert "print_job.resumed" in events
        assert tasks == {"FAILED": 1, "SUCCESSFUL": 1}  # the dead worker's run, then the one that finished
    finally:
        site.stop_all()
    assert "Traceback" not in site.log("worker-2.log"), site.log("worker-2.log")
