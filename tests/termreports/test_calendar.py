"""The legal calendar reads the term report: its step is done once the ward accepts the report."""

import datetime

import pytest

from elections.calendar import DONE, OVERDUE, group_calendar
from elections.termreports import services
from tests.termreports.factories import COMPLETE

pytestmark = pytest.mark.django_db


def term_report_step(ge):
    return next(s for s in group_calendar(ge, today=datetime.date(2021, 1, 12)) if s.code == "term_report")


def test_term_report_step_is_overdue_until_the_report_is_accepted(ge, secretary, official):
    assert term_report_step(ge).status == OVERDUE
    report = services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE)
    report = services.term_report_submit(report=report, actor=secretary)
    report = services.term_report_review(report=report, actor=secretary)
    assert term_report_step(ge).status == OVERDUE
    services.term_report_accept(report=report, actor=official)
    assert term_report_step(ge).status == DONE
