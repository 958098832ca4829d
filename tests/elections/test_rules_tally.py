"""The tally rules (elections/rules/tally.py): every inconsistency of a count coded and named, by example and by
property."""

from __future__ import annotations

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from elections.rules import check_tally

# ---------------------------------------------------------------------------- tally


def _codes(problems):
    return [(p.field, p.code) for p in problems]


def test_consistent_tally_has_no_problems():
    assert (
        check_tally(
            electorate=361,
            present=314,
            issued=314,
            returned=314,
            valid=300,
            invalid_by_reason={"all names crossed out": 10, "no stamp": 4},
            votes={"A": 159, "B": 120},
        )
        == []
    )


def test_tally_problems_are_coded_and_named():
    problems = check_tally(
        electorate=100,
        present=120,
        issued=130,
        returned=140,
        valid=150,
        invalid_by_reason={"no stamp": 2},
        votes={"A": 160, "B": -2},
    )
    assert _codes(problems) == [
        ("votes", "negative"),
        ("present", "present_exceeds_electorate"),
        ("issued", "issued_exceeds_present"),
        ("returned", "returned_exceeds_issued"),
        ("valid", "valid_invalid_mismatch"),
        ("votes", "candidate_votes_exceed_valid"),
    ]
    by_code = {p.code: p for p in problems}
    assert by_code["negative"].key == "B"
    assert by_code["candidate_votes_exceed_valid"].key == "A"
    with translation.override("en"):
        assert str(by_code["returned_exceeds_issued"].message) == (
            "Ballots returned (140) cannot exceed ballots issued (130)."
        )
        assert str(by_code["valid_invalid_mismatch"].message) == (
            "Valid ballots (150) plus invalid ballots (2) must equal ballots returned (140)."
        )
        assert str(by_code["candidate_votes_exceed_valid"].message) == (
            "Votes for A (160) cannot exceed valid ballots (150)."
        )
        assert str(by_code["negative"].message) == ("Votes for B cannot be negative (-2).")


def test_tally_negative_invalid_reason_is_named_once():
    problems = check_tally(
        electorate=10,
        present=10,
        issued=10,
        returned=10,
        valid=10,
        invalid_by_reason={"no stamp": -1},
        votes={"A": 6},
    )
    # No second "valid + invalid != returned" problem for the same bad figure.
    assert _codes(problems) == [("invalid_by_reason", "negative")]
    assert problems[0].key == "no stamp"
    with translation.override("en"):
        assert "no stamp" in str(problems[0].message)


def test_tally_negative_scalar_names_field():
    problems = check_tally(
        electorate=-5,
        present=0,
        issued=0,
        returned=0,
        valid=0,
        invalid_by_reason={},
        votes={},
    )
    assert _codes(problems) == [("electorate", "negative")]
    with translation.override("en"):
        assert str(problems[0].message) == "Electorate cannot be negative (-5)."


def test_tally_total_votes_exceed_valid():
    problems = check_tally(
        electorate=10,
        present=10,
        issued=10,
        returned=10,
        valid=10,
        invalid_by_reason={},
        votes={"A": 6, "B": 5},
    )
    assert _codes(problems) == [("votes", "total_votes_exceed_valid")]


def test_show_of_hands_ignores_ballot_fields():
    ok = check_tally(
        electorate=50,
        present=40,
        issued=0,
        returned=0,
        valid=0,
        invalid_by_reason={},
        votes={"A": 30, "B": 10},
        secret_ballot=False,
    )
    assert ok == []
    bad = check_tally(
        electorate=50,
        present=40,
        issued=-1,
        returned=7,
        valid=0,
        invalid_by_reason={"x": -3},
        votes={"A": 41, "B": 10},
        secret_ballot=False,
    )
    assert _codes(bad) == [
        ("votes", "candidate_votes_exceed_present"),
        ("votes", "total_votes_exceed_present"),
    ]


@st.composite
def consistent_tallies(draw):
    electorate = draw(st.integers(min_value=0, max_value=5_000))
    present = draw(st.integers(min_value=0, max_value=electorate))
    issued = draw(st.integers(min_value=0, max_value=present))
    returned = draw(st.integers(min_value=0, max_value=issued))
    reasons = draw(st.lists(st.text(min_size=1, max_size=10), unique=True, max_size=4))
    invalid_by_reason = {}
    left = returned
    for reason in reasons:
        count = draw(st.integers(min_value=0, max_value=left))
        invalid_by_reason[reason] = count
        left -= count
    valid = left
    candidates = draw(st.integers(min_value=0, max_value=2))
    votes = {}
    for i in range(candidates):
        count = draw(st.integers(min_value=0, max_value=left))
        votes[f"C{i}"] = count
        left -= count
    return {
        "electorate": electorate,
        "present": present,
        "issued": issued,
        "returned": returned,
        "valid": valid,
        "invalid_by_reason": invalid_by_reason,
        "votes": votes,
    }


@given(tally=consistent_tallies())
def test_consistent_generated_tally_passes(tally):
    assert check_tally(**tally) == []


@given(
    tally=consistent_tallies(),
    target=st.sampled_from(["present", "issued", "returned", "valid", "negative"]),
    delta=st.integers(min_value=1, max_value=100),
)
def test_perturbed_tally_is_flagged(tally, target, delta):
    if target == "present":
        tally["present"] = tally["electorate"] + delta
    elif target == "issued":
        tally["issued"] = tally["present"] + delta
    elif target == "returned":
        tally["returned"] = tally["issued"] + delta
    elif target == "valid":
        # Breaks valid + invalid == returned.
        tally["valid"] += delta
    else:
        tally["electorate"] = -delta
    assert check_tally(**tally) != []


@given(
    electorate=st.integers(min_value=-3, max_value=20),
    present=st.integers(min_value=-3, max_value=20),
    issued=st.integers(min_value=-3, max_value=20),
    returned=st.integers(min_value=-3, max_value=20),
    valid=st.integers(min_value=-3, max_value=20),
    invalid=st.dictionaries(st.text(max_size=5), st.integers(-3, 20), max_size=2),
    votes=st.dictionaries(st.text(max_size=5), st.integers(-3, 30), max_size=3),
    secret_ballot=st.booleans(),
)
def test_every_problem_message_renders(electorate, present, issued, returned, valid, invalid, votes, secret_ballot):
    problems = check_tally(
        electorate=electorate,
        present=present,
        issued=issued,
        returned=returned,
        valid=valid,
        invalid_by_reason=invalid,
        votes=votes,
        secret_ballot=secret_ballot,
    )
    with translation.override("en"):
        for problem in problems:
            text = str(problem.message)
            assert "%(" not in text
            assert problem.field in {
                "electorate",
                "present",
                "issued",
                "returned",
                "valid",
                "invalid_by_reason",
                "votes",
            }


@given(tally=consistent_tallies(), delta=st.integers(min_value=1, max_value=100))
def test_extra_votes_are_flagged(tally, delta):
    tally["votes"] = {**tally["votes"], "X": tally["valid"] + delta}
    codes = {p.code for p in check_tally(**tally)}
    assert "candidate_votes_exceed_valid" in codes
    assert "total_votes_exceed_valid" in codes
