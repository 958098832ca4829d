"""Double clicks and simultaneous writers on real parallel PostgreSQL connections: one report, each step once,
and the others refused with a reason (never a database error)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from audit.models import AuditEntry
from config.errors import DomainError
from elections.termreports import services
from elections.termreports.models import TermReport, TermReportStep
from tests.termreports.factories import COMPLETE

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real parallel connections"),
]


def race(calls):
    """Run each callable in its own thread and connection, all released at the same moment."""
    barrier = threading.Barrier(len(calls))
    results, refusals, errors = [], [], []

    def run(call):
        try:
            barrier.wait(timeout=30)
            results.append(call())
        except DomainError as exc:
            refusals.append(exc)
        except Exception as exc:  # any other error is a failure of the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, refusals, errors


def test_two_writers_starting_the_same_report_make_one(ge, secretary, official):
    results, refusals, errors = race(
        [
            lambda: services.term_report_save(group_election=ge, actor=secretary, data={"lessons": "A"}),
            lambda: services.term_report_save(group_election=ge, actor=official, data={"causes": "B"}),
        ]
    )
    assert errors == [] and refusals == []
    report = TermReport.objects.get()
    assert (report.lessons, report.causes) == ("A", "B")
    assert AuditEntry.objects.filter(event="term_report_created").count() == 1


def test_double_clicked_submit_and_accept_happen_once(ge, secretary, official):
    report = services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE)
    results, refusals, errors = race([lambda: services.term_report_submit(report=report, actor=secretary)] * 4)
    assert errors == [] and len(results) == 1 and len(refusals) == 3
    services.term_report_review(report=report, actor=secretary)
    results, refusals, errors = race([lambda: services.term_report_accept(report=report, actor=official)] * 3)
    assert errors == [] and len(results) == 1 and len(refusals) == 2
    assert list(TermReportStep.objects.values_list("kind", flat=True).order_by("id")) == [
        "submitted",
        "reviewed",
        "accepted",
    ]


def test_accept_and_return_at_the_same_moment(ge, secretary, official):
    report = services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE)
    report = services.term_report_review(
        report=services.term_report_submit(report=report, actor=secretary), actor=secretary
    )
    results, refusals, errors = race(
        [
            lambda: services.term_report_accept(report=report, actor=official),
            lambda: services.term_report_return(report=report, actor=official, comment="Bổ sung."),
        ]
    )
    assert errors == [] and len(results) == 1 and len(refusals) == 1
    report.refresh_from_db()
    assert report.status == results[0].status
    assert TermReportStep.objects.filter(kind__in=["accepted", "returned"]).count() == 1
