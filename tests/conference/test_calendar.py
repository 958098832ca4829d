"""The legal calendar reads the election team: its step is done once the chairman's decision is recorded."""

import datetime

import pytest

from elections.calendar import DONE, OVERDUE, group_calendar
from elections.conference.models import TeamDecision
from elections.models import Stage
from tests.factories import GroupElectionFactory

pytestmark = pytest.mark.django_db


def test_team_decision_step_is_done_once_the_decision_is_recorded(campaign):
    ge = GroupElectionFactory(campaign=campaign, stage=Stage.LIST_APPROVED)

    def step():
        return next(s for s in group_calendar(ge, today=datetime.date(2021, 1, 2)) if s.code == "team_decision")

    assert step().status == OVERDUE
    TeamDecision.objects.create(group_election=ge, number="12/QĐ-UBND", signed_on=datetime.date(2020, 12, 30))
    assert step().status == DONE
