"""The figures of a count and their checks: what one entry, the accepted count or a corrigendum holds
(`CountData`), every problem of those figures named by field (`check_count`, `TallyError`), and the
result by law they give (`compute_outcome`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from elections.candidates.selectors import ballot_candidates
from elections.conference.models import Conference, VotingMethod
from elections.count.models import INVALID_FIELDS, Count, InvalidReason, TallyEntry
from elections.rules import check_tally, election_outcome


@dataclass(frozen=True)
class CountData:
    """The figures of one count. `votes` maps candidate pk -> votes; ballots are zero for a show of hands."""

    issued: int = 0
    returned: int = 0
    valid: int = 0
    invalid_by_reason: dict[str, int] = field(default_factory=dict)
    votes: dict[int, int] = field(default_factory=dict)

    def __post_init__(self):
        # Every reason present, so that two entries compare field by field.
        full = {reason: int(self.invalid_by_reason.get(reason, 0) or 0) for reason in InvalidReason.values}
        object.__setattr__(self, "invalid_by_reason", full)
        object.__setattr__(self, "votes", {int(k): int(v or 0) for k, v in self.votes.items()})

    @property
    def invalid_total(self) -> int:
        return sum(self.invalid_by_reason.values())

    def flat(self) -> dict[str, int]:
        """Field key -> value: issued, returned, valid, invalid_<reason>, vote_<candidate pk>."""
        out = {"issued": self.issued, "returned": self.returned, "valid": self.valid}
        out |= {INVALID_FIELDS[reason]: n for reason, n in self.invalid_by_reason.items()}
        out |= {f"vote_{pk}": n for pk, n in self.votes.items()}
        return out

    @classmethod
    def from_flat(cls, values: dict[str, int]) -> CountData:
        return cls(
            issued=values.get("issued", 0),
            returned=values.get("returned", 0),
            valid=values.get("valid", 0),
            invalid_by_reason={reason: values.get(name, 0) for reason, name in INVALID_FIELDS.items()},
            votes={int(key[5:]): n for key, n in values.items() if key.startswith("vote_")},
        )

    @classmethod
    def of(cls, obj: TallyEntry | Count) -> CountData:
        """The figures of a saved entry or count."""
        return cls(
            issued=obj.issued,
            returned=obj.returned,
            valid=obj.valid,
            invalid_by_reason=obj.invalid_by_reason(),
            votes={v.candidate_id: v.votes for v in obj.votes.all()},
        )

    def as_json(self) -> dict:
        return {
            "issued": self.issued,
            "returned": self.returned,
            "valid": self.valid,
            "invalid_by_reason": dict(self.invalid_by_reason),
            "votes": {str(pk): n for pk, n in self.votes.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> CountData:
        return cls(
            issued=data.get("issued", 0),
            returned=data.get("returned", 0),
            valid=data.get("valid", 0),
            invalid_by_reason=data.get("invalid_by_reason", {}),
            votes={int(k): v for k, v in data.get("votes", {}).items()},
        )

    def for_method(self, voting_method: str) -> CountData:
        """A show of hands has no ballots: keep only the votes."""
        if voting_method == VotingMethod.HANDS:
            return CountData(votes=self.votes)
        return self


class TallyError(DomainError):
    """Figures that do not add up. `problems` are (form field key or None, message), so that a form
    can show each message beside the field it is about."""

    def __init__(self, problems: list[tuple[str | None, str]]):
        self.problems = problems
        super().__init__(*(message for _key, message in problems))


@dataclass(frozen=True)
class _Named:
    """A candidate as a key of `check_tally`: hashed by pk, printed by name in its messages."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


def count_candidates(conference: Conference) -> list:
    """The candidates on the ballot of this conference, in ballot order."""
    return list(ballot_candidates(conference.group_election))


def candidate_name(candidate) -> str:
    resident = getattr(candidate, "resident", None)
    return resident.full_name if resident is not None else getattr(candidate, "full_name", str(candidate))


def present_of(conference: Conference) -> int:
    """Voters present at the vote: frozen when the vote was opened, else what check-in shows now."""
    if conference.present_at_vote is not None:
        return conference.present_at_vote
    if conference.head_count is not None:
        return conference.head_count
    return conference.attendances.count()


def electorate_of(conference: Conference) -> int:
    if conference.electorate_size is not None:
        return conference.electorate_size
    return conference.group_election.electors.count()


FIELD_LABELS = {
    "issued": gettext_lazy("Ballots issued"),
    "returned": gettext_lazy("Ballots returned"),
    "valid": gettext_lazy("Valid ballots"),
    **{name: InvalidReason(reason).label for reason, name in INVALID_FIELDS.items()},
}


def field_label(key: str, candidates_by_pk: dict[int, object]) -> str:
    if key.startswith("vote_"):
        candidate = candidates_by_pk.get(int(key[5:]))
        name = candidate_name(candidate) if candidate is not None else key[5:]
        return _("Votes for %(name)s") % {"name": name}
    label = FIELD_LABELS[key]
    if key.startswith("invalid_"):
        return _("Invalid ballots: %(reason)s") % {"reason": label}
    return str(label)


def check_count(*, conference: Conference, data: CountData, present: int | None = None, candidates=None) -> None:
    """Raise TallyError with every problem of these figures (elections.rules.check_tally), naming the field."""
    candidates = count_candidates(conference) if candidates is None else candidates
    by_pk = {c.pk: c for c in candidates}
    problems: list[tuple[str | None, str]] = []
    unknown = set(data.votes) - set(by_pk)
    if unknown:
        problems.append((None, _("Votes were entered for someone who is not on the ballot of this conference.")))
    for pk, candidate in by_pk.items():
        if pk not in data.votes:
            problems.append(
                (f"vote_{pk}", _("Enter the votes for %(name)s (0 if none).") % {"name": candidate_name(candidate)})
            )
    named = {pk: _Named(pk, candidate_name(c)) for pk, c in by_pk.items()}
    secret = conference.voting_method != VotingMethod.HANDS
    found = check_tally(
        electorate=electorate_of(conference),
        present=present_of(conference) if present is None else present,
        issued=data.issued,
        returned=data.returned,
        valid=data.valid,
        invalid_by_reason={str(InvalidReason(r).label): n for r, n in data.invalid_by_reason.items()},
        votes={named[pk]: n for pk, n in data.votes.items() if pk in named},
        secret_ballot=secret,
    )
    label_to_field = {str(InvalidReason(r).label): name for r, name in INVALID_FIELDS.items()}
    key: str | None
    for problem in found:
        if problem.field in ("issued", "returned", "valid"):
            key = problem.field
        elif problem.field == "invalid_by_reason":
            key = label_to_field.get(str(problem.key))
        elif problem.field == "votes" and isinstance(problem.key, _Named):
            key = f"vote_{problem.key.pk}"
        else:
            key = None
        problems.append((key, str(problem.message)))
    if problems:
        raise TallyError(problems)


def compute_outcome(*, conference: Conference, votes: dict[int, int], electorate: int):
    """The result by law for these votes: (outcome code, elected candidate pk or None)."""
    rules = conference.group_election.campaign.legal_profile.rules()
    outcome = election_outcome(electorate=electorate, votes=votes, rules=rules)
    return outcome.reason, outcome.elected


def save_votes(owner, vote_model, data: CountData, owner_field: str) -> None:
    vote_model.objects.filter(**{owner_field: owner}).delete()
    vote_model.objects.bulk_create(
        [vote_model(**{owner_field: owner}, candidate_id=pk, votes=n) for pk, n in sorted(data.votes.items())]
    )


def apply_figures(obj, data: CountData) -> None:
    obj.issued = data.issued
    obj.returned = data.returned
    obj.valid = data.valid
    for reason, name in INVALID_FIELDS.items():
        setattr(obj, name, data.invalid_by_reason.get(reason, 0))
