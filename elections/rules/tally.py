"""Consistency checks of a count's figures, each problem with a stable code and a translated message."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from elections.rules.types import K, LazyText


@dataclass(frozen=True)
class TallyProblem:
    # The input the problem is about: "electorate", "present", "issued",
    # "returned", "valid", "invalid_by_reason" or "votes".
    field: str
    code: str
    message: LazyText
    # The invalid-ballot reason or the candidate, for the mapping fields.
    key: Hashable | None = None


def _interpolate(template: LazyText, params: Mapping[str, Any]) -> str:
    # `lazy_text % params` would translate immediately (at check time, in whatever
    # language is active then); deferring keeps the message lazy like its template.
    return lazy(lambda: str(template) % params, str)()


_FIELD_LABELS: dict[str, LazyText] = {
    "electorate": _("Electorate"),
    "present": _("Voters present"),
    "issued": _("Ballots issued"),
    "returned": _("Ballots returned"),
    "valid": _("Valid ballots"),
}


def check_tally(
    *,
    electorate: int,
    present: int,
    issued: int,
    returned: int,
    valid: int,
    invalid_by_reason: Mapping[str, int],
    votes: Mapping[K, int],
    secret_ballot: bool = True,
) -> list[TallyProblem]:
    """Consistency problems of a count, empty when the figures add up.

    For a show of hands there are no ballots: `issued`, `returned`, `valid` and
    `invalid_by_reason` are ignored and the votes are checked against those present.
    """
    problems: list[TallyProblem] = []

    def add(
        field_name: str,
        code: str,
        template: LazyText,
        key: Hashable | None = None,
        **params: Any,
    ) -> None:
        problems.append(
            TallyProblem(
                field=field_name,
                code=code,
                message=_interpolate(template, params),
                key=key,
            )
        )

    scalars = {"electorate": electorate, "present": present}
    if secret_ballot:
        scalars |= {"issued": issued, "returned": returned, "valid": valid}
    for name, value in scalars.items():
        if value < 0:
            add(
                name,
                "negative",
                _("%(field)s cannot be negative (%(value)s)."),
                field=_FIELD_LABELS[name],
                value=value,
            )
    if secret_ballot:
        for reason, count in invalid_by_reason.items():
            if count < 0:
                add(
                    "invalid_by_reason",
                    "negative",
                    _("Invalid ballots for the reason “%(reason)s” cannot be negative (%(value)s)."),
                    key=reason,
                    reason=reason,
                    value=count,
                )
    for candidate, count in votes.items():
        if count < 0:
            add(
                "votes",
                "negative",
                _("Votes for %(candidate)s cannot be negative (%(value)s)."),
                key=candidate,
                candidate=candidate,
                value=count,
            )

    # Comparisons with a negative figure would only repeat the "negative" problem
    # in a confusing form, so each is made only when its operands are sound.
    if present > electorate >= 0:
        add(
            "present",
            "present_exceeds_electorate",
            _("Voters present (%(present)s) cannot exceed the electorate (%(electorate)s)."),
            present=present,
            electorate=electorate,
        )

    votes_sound = all(count >= 0 for count in votes.values())
    total_votes = sum(votes.values())
    if secret_ballot:
        if issued > present >= 0:
            add(
                "issued",
                "issued_exceeds_present",
                _("Ballots issued (%(issued)s) cannot exceed voters present (%(present)s)."),
                issued=issued,
                present=present,
            )
        if returned > issued >= 0:
            add(
                "returned",
                "returned_exceeds_issued",
                _("Ballots returned (%(returned)s) cannot exceed ballots issued (%(issued)s)."),
                returned=returned,
                issued=issued,
            )
        invalid = sum(invalid_by_reason.values())
        invalid_sound = all(count >= 0 for count in invalid_by_reason.values())
        if min(valid, returned) >= 0 and invalid_sound and valid + invalid != returned:
            add(
                "valid",
                "valid_invalid_mismatch",
                _(
                    "Valid ballots (%(valid)s) plus invalid ballots (%(invalid)s) must "
                    "equal ballots returned (%(returned)s)."
                ),
                valid=valid,
                invalid=invalid,
                returned=returned,
            )
        for candidate, count in votes.items():
            if count > valid >= 0:
                add(
                    "votes",
                    "candidate_votes_exceed_valid",
                    _("Votes for %(candidate)s (%(votes)s) cannot exceed valid ballots (%(valid)s)."),
                    key=candidate,
                    candidate=candidate,
                    votes=count,
                    valid=valid,
                )
        # One seat: a valid ballot keeps at most one name (more is an invalid ballot).
        if votes_sound and total_votes > valid >= 0:
            add(
                "votes",
                "total_votes_exceed_valid",
                _(
                    "The votes for all candidates together (%(total)s) cannot exceed "
                    "valid ballots (%(valid)s): a valid ballot keeps at most one name."
                ),
                total=total_votes,
                valid=valid,
            )
    else:
        for candidate, count in votes.items():
            if count > present >= 0:
                add(
                    "votes",
                    "candidate_votes_exceed_present",
                    _("Votes for %(candidate)s (%(votes)s) cannot exceed voters present (%(present)s)."),
                    key=candidate,
                    candidate=candidate,
                    votes=count,
                    present=present,
                )
        # One seat: each voter present raises a hand for at most one candidate.
        if votes_sound and total_votes > present >= 0:
            add(
                "votes",
                "total_votes_exceed_present",
                _(
                    "The votes for all candidates together (%(total)s) cannot exceed "
                    "voters present (%(present)s): each voter votes for at most one "
                    "candidate."
                ),
                total=total_votes,
                present=present,
            )
    return problems
