"""The count, entered twice: two members of the count board each enter the figures, without seeing
the other's; when both agree the count is accepted, when they differ the head of the board resolves
the differing fields. Then the head confirms and the count and its result are sealed.

Every write locks the Conference row first (`select_for_update`), so two members submitting at the
same moment, or one member double-clicking, are serialised: the second sees the first's entry and
either takes the other slot, or finds its own identical entry and changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Action, can_at_sitting, sitting_refusal
from accounts.models import Role
from audit.services import audit_log
from config.errors import DomainError
from elections.conference.fingerprints import count_papers_fingerprint_issue
from elections.conference.models import BoardRole, Conference, Elector, VotingMethod
from elections.conference.models_count import (
    INVALID_FIELDS,
    Count,
    CountOutcome,
    CountVote,
    InvalidReason,
    TallyEntry,
    TallyEntryVote,
)
from elections.models import Stage
from elections.rules import check_tally, election_outcome
from elections.workflow import evidence_owner, group_election_transition
from notices.models import Notice
from notices.recipients import users_who_may
from notices.services import notice_send

# The stages only this module enters: counted (the double entry accepted or resolved), and elected or
# no winner (the count sealed). The workflow issues each owner once; the generic button cannot hold them.
_COUNT_ACCEPTED = evidence_owner("count_accept")
_COUNT_SEALED = evidence_owner("count_seal")

# ------------------------------------------------------------------ figures


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
    from elections.candidates.selectors import ballot_candidates

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


# ------------------------------------------------------------------ who may do what


def _lock(conference: Conference) -> Conference:
    return (
        Conference.objects.select_for_update()
        .select_related("group_election__group__ward", "group_election__campaign__legal_profile")
        .get(pk=conference.pk)
    )


def may_enter(user, conference: Conference) -> bool:
    """A member of this sitting's count board (their account), decided in `accounts.access`."""
    return can_at_sitting(user, Action.ENTER_COUNT, conference)


def may_resolve(user, conference: Conference) -> bool:
    """The head of this sitting's count board (their account), or a ward official."""
    return can_at_sitting(user, Action.RESOLVE_COUNT, conference)


def _require_at_sitting(user, action: str, conference: Conference) -> None:
    reason = sitting_refusal(user, action, conference)
    if reason is not None:
        raise DomainError(reason)


def _require_enter(user, conference: Conference) -> None:
    _require_at_sitting(user, Action.ENTER_COUNT, conference)


def _require_resolve(user, conference: Conference) -> None:
    _require_at_sitting(user, Action.RESOLVE_COUNT, conference)


# ------------------------------------------------------------------ entering


@dataclass(frozen=True)
class SubmitResult:
    # "recorded" (first entry), "unchanged" (the same figures again), "updated" (own entry changed before
    # the other member entered), "accepted" (both agree), "mismatch" (they differ).
    status: str
    entry: TallyEntry


def _save_votes(owner, vote_model, data: CountData, owner_field: str) -> None:
    vote_model.objects.filter(**{owner_field: owner}).delete()
    vote_model.objects.bulk_create(
        [vote_model(**{owner_field: owner}, candidate_id=pk, votes=n) for pk, n in sorted(data.votes.items())]
    )


def _apply_figures(obj, data: CountData) -> None:
    obj.issued = data.issued
    obj.returned = data.returned
    obj.valid = data.valid
    for reason, name in INVALID_FIELDS.items():
        setattr(obj, name, data.invalid_by_reason.get(reason, 0))


def tally_submit(*, conference: Conference, actor, data: CountData) -> SubmitResult:
    """Record one member's entry of the count; accept the count when both entries agree."""
    with transaction.atomic():
        conference = _lock(conference)
        _require_enter(actor, conference)
        data = data.for_method(conference.voting_method)
        entries = {e.slot: e for e in conference.tally_entries.select_related("entered_by").prefetch_related("votes")}
        own = next((e for e in entries.values() if e.entered_by_id == actor.pk), None)
        if own is not None and CountData.of(own) == data:
            # A double click, or the same figures sent again: nothing changes.
            return SubmitResult("unchanged", own)
        if conference.status != Conference.Status.VOTING:
            if conference.status in (Conference.Status.COUNTED, Conference.Status.SEALED):
                raise DomainError(_("The count of this conference has already been accepted."))
            raise DomainError(_("The count can be entered only after the vote has been opened."))
        if conference.group_election.stage != Stage.CONFERENCE_HELD:
            raise DomainError(
                _("The count can be entered only while the group's election is at the stage “%(stage)s”.")
                % {"stage": Stage.CONFERENCE_HELD.label}
            )
        if own is not None and len(entries) == 2:
            raise DomainError(
                _(
                    "Both members have entered the count; the differences are now resolved by the head of "
                    "the count board."
                )
            )
        if own is None and len(entries) == 2:
            raise DomainError(_("Two members have already entered the count of this conference."))
        check_count(conference=conference, data=data)

        if own is not None:
            before = CountData.of(own).as_json()
            _apply_figures(own, data)
            own.full_clean()
            own.save(update_fields=[*TallyEntry.SCALAR_FIELDS, "updated_at"])
            _save_votes(own, TallyEntryVote, data, "entry")
            audit_log(
                actor=actor,
                obj=own,
                event="count_entry_changed",
                before=before,
                after=data.as_json(),
                group=conference.group_election.group,
            )
            return SubmitResult("updated", own)

        slot = 2 if 1 in entries else 1
        entry = TallyEntry(conference=conference, slot=slot, entered_by=actor)
        _apply_figures(entry, data)
        entry.full_clean(validate_unique=False)
        try:
            # The row lock above serialises submissions; the unique constraints are the last guard.
            with transaction.atomic():
                entry.save()
        except IntegrityError as exc:
            raise DomainError(_("Another entry was saved at the same moment; reload the page and check.")) from exc
        _save_votes(entry, TallyEntryVote, data, "entry")
        audit_log(
            actor=actor,
            obj=entry,
            event="count_entered",
            after={"slot": slot, **data.as_json()},
            group=conference.group_election.group,
        )
        if slot == 1 and 2 not in entries:
            return SubmitResult("recorded", entry)
        other = entries[1 if slot == 2 else 2]
        if CountData.of(other) == data:
            _accept(conference=conference, actor=actor, data=data, method=Count.Method.AGREED)
            return SubmitResult("accepted", entry)
        differences = _differences(CountData.of(other), data)
        audit_log(
            actor=actor,
            obj=conference,
            event="count_mismatch",
            after={"fields": [d.key for d in differences]},
            group=conference.group_election.group,
        )
        _notify_mismatch(conference=conference, differences=differences, actor=actor)
        return SubmitResult("mismatch", entry)


def _notify_mismatch(*, conference: Conference, differences, actor) -> None:
    """The head of the count board settles the differences; without their account, the ward officials."""
    group = conference.group_election.group
    head = conference.board_members.filter(role=BoardRole.HEAD, user__isnull=False).select_related("user").first()
    if head is not None:
        recipients = [head.user]
    else:
        recipients = users_who_may(Action.RESOLVE_COUNT, group, roles={Role.WARD_OFFICIAL})
    candidates = {c.pk: c for c in count_candidates(conference)}
    notice_send(
        recipients=recipients,
        kind=Notice.Kind.COUNT_MISMATCH,
        url=reverse("conference:count_compare", args=[conference.pk]),
        params={"group": group.name, "fields": ", ".join(str(field_label(d.key, candidates)) for d in differences)},
        actor=actor,
    )


def _accept(*, conference: Conference, actor, data: CountData, method: str, note: str = "", resolution=None) -> Count:
    electorate = electorate_of(conference)
    present = present_of(conference)
    outcome, elected = compute_outcome(conference=conference, votes=data.votes, electorate=electorate)
    count = Count(
        conference=conference,
        voting_method=conference.voting_method or VotingMethod.SECRET,
        electorate=electorate,
        present=present,
        method=method,
        resolved_by=actor if method == Count.Method.RESOLVED else None,
        resolution_note=note,
        resolution=resolution or [],
        outcome=outcome,
        elected_id=elected,
    )
    _apply_figures(count, data)
    count.full_clean(exclude=["conference"])
    count.save()
    _save_votes(count, CountVote, data, "count")
    conference.status = Conference.Status.COUNTED
    conference.save(update_fields=["status"])
    audit_log(
        actor=actor,
        obj=count,
        event="count_accepted",
        after={"method": method, "electorate": electorate, "present": present, "outcome": outcome, **data.as_json()},
        group=conference.group_election.group,
        note=note,
    )
    group_election_transition(
        group_election=conference.group_election,
        target=Stage.COUNTED,
        actor=actor,
        note=_("Count accepted: %(how)s.") % {"how": Count.Method(method).label},
        owner=_COUNT_ACCEPTED,
    )
    return count


# ------------------------------------------------------------------ differences and resolution


@dataclass(frozen=True)
class Difference:
    key: str
    first: int
    second: int


def _differences(first: CountData, second: CountData) -> list[Difference]:
    a, b = first.flat(), second.flat()
    return [Difference(key, a.get(key, 0), b.get(key, 0)) for key in a | b if a.get(key, 0) != b.get(key, 0)]


def tally_differences(conference: Conference) -> list[Difference]:
    """The fields where the two entries differ (empty unless both exist and disagree)."""
    entries = {e.slot: e for e in conference.tally_entries.prefetch_related("votes")}
    if len(entries) < 2:
        return []
    return _differences(CountData.of(entries[1]), CountData.of(entries[2]))


def tally_resolve(*, conference: Conference, actor, chosen: dict[str, int], note: str) -> Count:
    """The head of the count board (or a ward official) settles each differing field; the count is accepted."""
    with transaction.atomic():
        conference = _lock(conference)
        _require_resolve(actor, conference)
        if hasattr(conference, "count"):
            raise DomainError(_("The count of this conference has already been accepted."))
        entries = {e.slot: e for e in conference.tally_entries.prefetch_related("votes")}
        if len(entries) < 2:
            raise DomainError(_("There is nothing to resolve: the count has not been entered twice yet."))
        first, second = CountData.of(entries[1]), CountData.of(entries[2])
        differences = _differences(first, second)
        if not differences:
            raise DomainError(_("The two entries agree; there is nothing to resolve."))
        if not (note or "").strip():
            raise DomainError(_("Write a note saying how the differences were settled."), field="note")
        candidates = count_candidates(conference)
        by_pk = {c.pk: c for c in candidates}
        problems: list[tuple[str | None, str]] = []
        values = first.flat()
        resolution = []
        for diff in differences:
            value = chosen.get(diff.key)
            label = field_label(diff.key, by_pk)
            if value is None:
                problems.append((diff.key, _("%(field)s: choose or enter the right figure.") % {"field": label}))
                continue
            values[diff.key] = value
            # The label is made when shown, in the reader's language.
            resolution.append({"field": diff.key, "first": diff.first, "second": diff.second, "chosen": value})
        if problems:
            raise TallyError(problems)
        data = CountData.from_flat(values).for_method(conference.voting_method)
        check_count(conference=conference, data=data, candidates=candidates)
        return _accept(
            conference=conference,
            actor=actor,
            data=data,
            method=Count.Method.RESOLVED,
            note=note.strip(),
            resolution=resolution,
        )


# ------------------------------------------------------------------ sealing


def witness_choices(conference: Conference) -> list[Elector]:
    """Household representatives (electors) of the group who may witness the count: not candidates."""
    from elections.conference.services.team import active_candidates
    from residents.names import fold

    candidates = active_candidates(conference.group_election)
    resident_ids = {c.resident_id for c in candidates}
    names = {fold(c.resident.full_name) for c in candidates}
    electors = Elector.objects.filter(group_election=conference.group_election).order_by("number")
    return [e for e in electors if e.resident_id not in resident_ids and e.name_folded not in names]


def count_seal(
    *,
    conference: Conference,
    actor,
    witness_1: Elector,
    witness_2: Elector,
    count_ended_at: datetime.datetime,
    count_started_at: datetime.datetime | None = None,
    complaints: str = "",
) -> Count:
    """The head of the count board confirms: the count and its result are sealed and the stage moves on."""
    from elections.conference.services.team import candidate_conflict

    with transaction.atomic():
        conference = _lock(conference)
        _require_resolve(actor, conference)
        count = Count.objects.select_for_update().filter(conference=conference).first()
        if count is None:
            raise DomainError(_("The count has not been accepted yet, so it cannot be sealed."))
        if count.is_sealed:
            raise DomainError(_("The count of this conference is already sealed."))
        problems = []
        group_election = conference.group_election
        for key, witness in (("witness_1", witness_1), ("witness_2", witness_2)):
            if witness is None:
                problems.append((key, _("Choose two household representatives who witnessed the count.")))
            elif witness.group_election_id != group_election.pk:
                problems.append(
                    (key, _("%(name)s is not on the electorate of this group.") % {"name": witness.full_name})
                )
            else:
                conflict = candidate_conflict(
                    group_election=group_election, resident=witness.resident, full_name=witness.full_name
                )
                if conflict:
                    problems.append(
                        (
                            key,
                            _("A witness of the count cannot be a candidate: %(name)s.") % {"name": witness.full_name},
                        )
                    )
        if witness_1 is not None and witness_2 is not None and witness_1.pk == witness_2.pk:
            problems.append(("witness_2", _("The two witnesses must be two different people.")))
        if count_ended_at is None:
            problems.append(("count_ended_at", _("Enter the time the count ended.")))
        elif count_ended_at < conference.scheduled_at:
            problems.append(("count_ended_at", _("The count cannot end before the conference began.")))
        elif count_ended_at > timezone.now() + datetime.timedelta(minutes=5):
            problems.append(("count_ended_at", _("The time the count ended cannot be in the future.")))
        if count_started_at is None:
            pass
        elif count_ended_at is not None and count_started_at > count_ended_at:
            problems.append(("count_started_at", _("The count cannot begin after it ended.")))
        elif count_started_at < conference.scheduled_at:
            problems.append(("count_started_at", _("The count cannot begin before the conference began.")))
        if problems:
            raise TallyError(problems)
        count.count_started_at = count_started_at
        count.witness_1 = witness_1
        count.witness_2 = witness_2
        count.count_ended_at = count_ended_at
        count.complaints = (complaints or "").strip()
        count.sealed_at = timezone.now()
        count.sealed_by = actor
        count.full_clean(exclude=["conference"])
        count.save(
            update_fields=[
                "witness_1",
                "witness_2",
                "count_started_at",
                "count_ended_at",
                "complaints",
                "sealed_at",
                "sealed_by",
            ]
        )
        conference.status = Conference.Status.SEALED
        if conference.ended_at is None:
            conference.ended_at = count_ended_at
            conference.save(update_fields=["status", "ended_at"])
        else:
            conference.save(update_fields=["status"])
        audit_log(
            actor=actor,
            obj=count,
            event="count_sealed",
            after={
                "outcome": count.outcome,
                "elected": count.elected_id,
                "witnesses": [witness_1.full_name, witness_2.full_name],
                "count_ended_at": count_ended_at,
            },
            group=group_election.group,
        )
        # The count record and the minutes of a sealed count prove themselves from now on.
        count_papers_fingerprint_issue(conference=conference, actor=actor)
        target = Stage.ELECTED if count.outcome == CountOutcome.ELECTED else Stage.NO_WINNER
        group_election_transition(
            group_election=group_election,
            target=target,
            actor=actor,
            note=_("Result sealed: %(outcome)s.") % {"outcome": CountOutcome(count.outcome).label},
            owner=_COUNT_SEALED,
        )
        return count
