"""The one transition table of `elections.workflow`, and everything that reads it."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

from elections import workflow
from elections.models import Stage
from elections.workflow import (
    PERSON_OWNER,
    STAGE_BADGES,
    STAGE_RANK,
    TABLE,
    TRANSITION_ACTION,
    TRANSITIONS,
    Owner,
    blocking_reasons,
    evidence_owner,
    register_precondition,
    service_for_button,
    stages_for_user,
)

PERSON_STAGES = {Stage.PREPARING, Stage.LIST_APPROVED, Stage.LISTS_POSTED}
EVIDENCE = {
    Stage.CONFERENCE_HELD: "conference_open_vote",
    Stage.COUNTED: "count_accept",
    Stage.ELECTED: "count_seal",
    Stage.NO_WINNER: "count_seal",
    Stage.REVOTE_SCHEDULED: "revote_schedule",
    Stage.RECOGNISED: "decision_issue",
}


def test_every_stage_once_in_the_table_with_its_rank_badge_and_action():
    assert [t.target for t in TABLE] == [s for s in Stage.values if s != Stage.PLANNED]
    assert set(STAGE_RANK) == set(STAGE_BADGES) == set(Stage.values)
    assert set(TRANSITION_ACTION) == set(TRANSITIONS)
    for transition in TABLE:
        assert transition.sources and transition.sources <= set(Stage.values)
        assert transition.badge in {"secondary", "info", "primary", "warning", "success", "danger"}
        assert str(transition.label) and transition.preconditions
    # Backwards only into the re-vote cycle.
    backwards = {t.target for t in TABLE for s in t.sources if STAGE_RANK[t.target] < STAGE_RANK[s]}
    assert backwards == {Stage.NO_WINNER}
    assert {t.target for t in TABLE if t.revote_cycle} == {Stage.NO_WINNER, Stage.REVOTE_SCHEDULED}
    assert TRANSITIONS[Stage.REVOTE_SCHEDULED].sources == {Stage.NO_WINNER}


def test_only_the_first_three_stages_have_a_persons_button():
    assert {t.target for t in TABLE if t.person_owned} == PERSON_STAGES
    assert {t.target: t.owner for t in TABLE if not t.person_owned} == EVIDENCE
    for stage in PERSON_STAGES:
        assert service_for_button(stage) is not None
    for stage in [*EVIDENCE, Stage.PLANNED, "nowhere"]:
        assert service_for_button(stage) is None
    with pytest.raises(ImproperlyConfigured):
        workflow.person_service(Stage.RECOGNISED)(lambda **kwargs: None)


def test_each_evidence_owner_is_issued_once_and_cannot_be_forged():
    # The services of election day took their owners when imported; nobody can take them again.
    import elections.conference.services.conference  # noqa: F401
    import elections.count.services.recognition  # noqa: F401
    import elections.count.services.result  # noqa: F401
    import elections.count.services.seal  # noqa: F401
    import elections.count.services.tally  # noqa: F401

    assert set(workflow._issued) == set(EVIDENCE.values())
    for name in set(EVIDENCE.values()):
        with pytest.raises(ImproperlyConfigured):
            evidence_owner(name)
    with pytest.raises(ImproperlyConfigured):
        evidence_owner("person")
    # Whoever holds a made-up owner, or the person's, is refused before anything else is looked at.
    ge = SimpleNamespace(stage=Stage.COUNTED, group=None)
    for owner in (PERSON_OWNER, Owner("count_seal"), Owner("count_accept")):
        (reason,) = blocking_reasons(ge, Stage.ELECTED, owner=owner)
        assert "niêm phong" in reason or "sealed" in reason


def test_every_precondition_the_table_names_is_registered():
    assert workflow.missing_preconditions() == []
    assert workflow.check_table() == []
    with pytest.raises(ImproperlyConfigured):

        @register_precondition(Stage.ELECTED)
        def whatever(group_election):
            return None


def test_buttons_offered_are_only_persons_moves(hx):
    ge = hx.ge("01")
    for stage in Stage.values:
        ge.stage = stage
        for user in (hx.official, hx.front, hx.chairman, hx.member, hx.secretary, hx.team):
            assert set(stages_for_user(ge, user)) <= PERSON_STAGES


def test_both_stage_badges_agree_with_the_table():
    for stage in Stage.values:
        ge = SimpleNamespace(stage=stage, get_stage_display=lambda: "x")
        group_page = render_to_string("elections/_stage_badge.html", {"ge": ge})
        reports = render_to_string("reports/_stage_badge.html", {"row": SimpleNamespace(stage=stage, stage_label="x")})
        colours = {re.search(r"text-bg-(\w+)", html).group(1) for html in (group_page, reports)}
        assert colours == {STAGE_BADGES[stage]}, stage
