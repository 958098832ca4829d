"""The invitations (a page per two households) are laid out by the worker whenever what they print is set or
changes, so the first person to print them waits for no layout; a change they print is laid out again."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from accounts.models import Role
from elections.conference.services.conference import conference_update
from elections.conference.tasks import lay_out_invitations
from tests.conference.day import election_with_register, pdf_text, schedule

pytestmark = pytest.mark.django_db

TASK = "elections.conference.tasks.lay_out_invitations"


def _queued(group_election) -> int:
    return sum(
        1 for task in DBTaskResult.objects.filter(task_path=TASK) if task.args_kwargs["args"] == [group_election.pk]
    )


def test_a_sitting_scheduled_or_moved_queues_its_invitations_and_the_worker_lays_them_out(
    settings, client_for, make_user, layouts, django_capture_on_commit_callbacks
):
    settings.PAPERS_LAY_OUT_IN_ADVANCE = True
    with django_capture_on_commit_callbacks(execute=True):
        group_election = election_with_register(households=3)
    official = make_user(Role.WARD_OFFICIAL)
    with django_capture_on_commit_callbacks(execute=True):
        conference = schedule(group_election, actor=official)
    assert _queued(group_election) == 1

    with translation.override("vi"):
        assert lay_out_invitations.call(group_election.pk) == {"group_election": group_election.pk, "papers": 1}
    assert len(layouts) == 1
    client = client_for(official)
    url = reverse("conference:invitations_pdf", args=[group_election.pk])
    first = client.get(url)
    assert first.status_code == 200 and len(layouts) == 1  # served from what the worker laid out

    with django_capture_on_commit_callbacks(execute=True):
        conference_update(conference=conference, actor=official, venue="Hội trường Ủy ban nhân dân phường")
    assert _queued(group_election) == 2
    with django_capture_on_commit_callbacks(execute=True):
        conference_update(conference=conference, actor=official, chair_name="Lê Văn Khác")  # not on the invitation
    assert _queued(group_election) == 2
    moved = client.get(url)
    assert len(layouts) == 2 and "Hội trường Ủy ban nhân dân phường" in pdf_text(moved.content)


def test_nothing_is_queued_when_laying_out_in_advance_is_off(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group_election = election_with_register(households=2)
        schedule(group_election)
    assert _queued(group_election) == 0


def test_a_group_with_nothing_to_invite_to_lays_out_nothing(layouts):
    group_election = election_with_register(households=2)  # no sitting scheduled
    with translation.override("vi"):
        assert lay_out_invitations.call(group_election.pk)["papers"] == 0
    assert lay_out_invitations.call(999_999)["papers"] == 0
    assert layouts == []
