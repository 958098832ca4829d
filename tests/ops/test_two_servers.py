"""More than one machine: two app servers and two workers on one PostgreSQL database, requests alternating.

Every check-in is counted once (even when the same voter is checked in on both servers at once), each of
30 print jobs runs exactly once, and a session made on one server works on the other.
"""

import http.cookiejar
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from django.conf import settings

from config.served import Installation, free_port

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.served,
    pytest.mark.skipif(not POSTGRES, reason="needs PostgreSQL: several servers share one database"),
]

ATTENDANCE = "conference.attendance"

PREPARE = r"""
import json
from django.urls import reverse
from elections.conference.models import Conference, Elector
from elections.models import Campaign, GroupElection
from residents.models import PartyCell
campaign = Campaign.objects.get(is_current=True)
ge = GroupElection.objects.get(campaign=campaign, group__code="06")
conference = Conference.objects.get(group_election=ge, status=Conference.Status.SCHEDULED)
electors = list(Elector.objects.filter(group_election=ge).order_by("number").values_list("pk", flat=True)[:40])
cell = PartyCell.objects.filter(ward=campaign.ward).order_by("name").first()
print(json.dumps({
    "checkin": [reverse("conference:checkin_toggle", args=[conference.pk, e]) for e in electors],
    "conference": conference.pk, "electors": electors, "cell": cell.pk, "group": ge.group_id,
    "print": reverse("reports:print_jobs"), "page": reverse("reports:dashboard"),
}))
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: one cookie jar, whichever server answers."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def go(self, url: str, data: dict | None = None) -> tuple[int, str, dict]:
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data | {"csrfmiddlewaretoken": self.csrf()}).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=120) as response:  # noqa: S310
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)


def _database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _admin_sql(sql: str) -> None:
    import psycopg2

    db = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db.get("PASSWORD") or None,
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
    )  # fmt: skip
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def _rows(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    import psycopg2

    with psycopg2.connect(url.replace("postgres://", "postgresql://")) as connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_two_app_servers_and_two_workers_on_one_database(tmp_path):
    name = f"wt_two_servers_{uuid.uuid4().hex[:10]}"
    _admin_sql(f'CREATE DATABASE "{name}"')
    url = _database_url(name)
    site = Installation(tmp_path, database_url=url, WORKER_HEARTBEAT_SECONDS="2")
    try:
        site.prepare(demo=True)
        scenario = json.loads(site.shell(PREPARE).strip().splitlines()[-1])
        servers = []
        for _ in range(2):
            port = free_port()
            site.start_web(port, workers=2, threads=2)
            servers.append(f"http://127.0.0.1:{port}")
        site.start_worker("worker-1")
        site.start_worker("worker-2")
        a, b = servers

        # A session made on one server works on the other.
        browser = Browser()
        browser.go(a + "/accounts/login/")
        status, _body, _h = browser.go(a + "/accounts/login/", {"username": "ubnd", "password": "demo2021"})
        assert status == 302
        status, body, _h = browser.go(b + scenario["page"])
        assert status == 200 and "/accounts/logout/" in body and "Cán bộ UBND phường" in body

        # Every voter checked in on both servers at the same moment (two phones at the door): counted once.
        team = []
        for server in servers:
            phone = Browser()
            phone.go(server + "/accounts/login/")
            assert phone.go(server + "/accounts/login/", {"username": "tobaucu6", "password": "demo2021"})[0] == 302
            team.append(phone)
        answers = []

        def check_in(phone, order):
            for index, path in enumerate(order):
                # Requests alternate between the servers, whatever server the phone logged in on.
                answers.append(phone.go(servers[index % 2] + path, {"op": "mark"})[0])

        threads = [
            threading.Thread(target=check_in, args=(team[0], scenario["checkin"])),
            threading.Thread(target=check_in, args=(team[1], scenario["checkin"][::-1])),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        assert answers.count(302) == 2 * len(scenario["checkin"])
        conference = scenario["conference"]
        [(present,)] = _rows(url, "SELECT COUNT(*) FROM conference_attendance WHERE conference_id = %s", (conference,))
        assert present == len(scenario["electors"])
        # One audit entry per voter: the losing tap of each pair wrote nothing (its row and entry rolled back).
        audit_sql = "SELECT COUNT(*) FROM audit_auditentry WHERE event = %s AND object_type = %s AND group_id = %s"
        [(audited,)] = _rows(url, audit_sql, ("checked_in", ATTENDANCE, scenario["group"]))
        assert audited == len(scenario["electors"])

        # 30 print jobs, asked of either server in turn; two workers share the queue.
        for index in range(30):
            status, _body, headers = browser.go(
                servers[index % 2] + scenario["print"], {"kind": "candidate_lists", "party_cell": scenario["cell"]}
            )
            assert status == 302, _body[:500]
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            [(open_jobs,)] = _rows(url, "SELECT COUNT(*) FROM reports_printjob WHERE status IN ('queued', 'running')")
            if not open_jobs:
                break
            time.sleep(1)
        jobs = _rows(url, "SELECT id, status, attempts, task_result_id, worker_id FROM reports_printjob")
        assert len(jobs) == 30
        assert {status for _id, status, *_rest in jobs} == {"done"}
        assert {attempts for _id, _s, attempts, *_rest in jobs} == {1}
        tasks = _rows(url, "SELECT id::text, status, worker_ids::text FROM django_tasks_database_dbtaskresult")
        assert len(tasks) == 30 and {status for _id, status, _w in tasks} == {"SUCCESSFUL"}
        assert all(len(json.loads(workers)) == 1 for _id, _s, workers in tasks)  # each claimed by one worker once
        assert {str(task_id) for *_rest, task_id, _w in jobs} == {task_id for task_id, _s, _w in tasks}
        workers_used = {worker for *_rest, worker in jobs}
        assert workers_used <= {json.loads(w)[0] for _id, _s, w in tasks}
        logs = site.log("worker-1.log") + site.log("worker-2.log")
        assert "Traceback" not in logs, logs[-3000:]
    finally:
        site.stop_all()
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
