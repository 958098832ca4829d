"""The count, entered twice: two members of the count board each enter the figures, without seeing
the other's; when both agree the count is accepted, when they differ the head of the board resolves
the differing fields. (Then the head seals it: `elections.count.services.seal`.)

Every write locks the Conference row first (`select_for_update`), so two members submitting at the
same moment, or one member double-clicking, are serialised: the second sees the first's entry and
either takes the other slot, or finds its own identical entry and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import Action, can_at_sitting, sitting_refusal
from accounts.models import Role, User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError, validate
from elections.conference.models import BoardRole, Conference, VotingMethod
from elections.count.models import (
    Count,
    CountVote,
    TallyEntry,
    TallyEntryVote,
)
from elections.count.services.figures import (
    CountData,
    TallyError,
    apply_figures,
    check_count,
    compute_outcome,
    count_candidates,
    electorate_of,
    field_label,
    present_of,
    save_votes,
)
from elections.models import Stage
from elections.workflow import evidence_owner, group_election_transition
from notices.models import Notice
from notices.recipients import users_who_may
from notices.services import notice_send

# The stage only this module enters: counted (the double entry accepted or resolved). The workflow
# issues each owner once; the generic button cannot hold it.
_COUNT_ACCEPTED = evidence_owner("count_accept")

# ------------------------------------------------------------------ who may do what


def lock_conference(conference: Conference) -> Conference:
    return (
        Conference.objects.select_for_update()
        .select_related("group_election__group__ward", "group_election__campaign__legal_profile")
        .get(pk=conference.pk)
    )


def may_enter(user: User, conference: Conference) -> bool:
    """A member of this sitting's count board (their account), decided in `accounts.access`."""
    return can_at_sitting(user, Action.ENTER_COUNT, conference)


def may_resolve(user: User, conference: Conference) -> bool:
    """The head of this sitting's count board (their account), or a ward official."""
    return can_at_sitting(user, Action.RESOLVE_COUNT, conference)


def require_at_sitting(user: User, action: str, conference: Conference) -> None:
    reason = sitting_refusal(user, action, conference)
    if reason is not None:
        raise DomainError(reason)


def require_enter(user: User, conference: Conference) -> None:
    require_at_sitting(user, Action.ENTER_COUNT, conference)


def require_resolve(user: User, conference: Conference) -> None:
    require_at_sitting(user, Action.RESOLVE_COUNT, conference)


# ------------------------------------------------------------------ entering


@dataclass(frozen=True)
class SubmitResult:
    # "recorded" (first entry), "unchanged" (the same figures again), "updated" (own entry changed before
    # the other member entered), "accepted" (both agree), "mismatch" (they differ).
    status: str
    entry: TallyEntry


def tally_submit(*, conference: Conference, actor: User, data: CountData) -> SubmitResult:
    """Record one member's entry of the count; accept the count when both entries agree."""
    with transaction.atomic():
        conference = lock_conference(conference)
        require_enter(actor, conference)
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
            apply_figures(own, data)
            validate(own)
            own.save(update_fields=[*TallyEntry.SCALAR_FIELDS, "updated_at"])
            save_votes(own, TallyEntryVote, data, "entry")
            audit_log(
                actor=actor,
                obj=own,
                event=Event.COUNT_ENTRY_CHANGED,
                before=before,
                after=data.as_json(),
                group=conference.group_election.group,
            )
            return SubmitResult("updated", own)

        slot = 2 if 1 in entries else 1
        entry = TallyEntry(conference=conference, slot=slot, entered_by=actor)
        apply_figures(entry, data)
        validate(entry, validate_unique=False)
        try:
            # The row lock above serialises submissions; the unique constraints are the last guard.
            with transaction.atomic():
                entry.save()
        except IntegrityError as exc:
            raise DomainError(_("Another entry was saved at the same moment; reload the page and check.")) from exc
        save_votes(entry, TallyEntryVote, data, "entry")
        audit_log(
            actor=actor,
            obj=entry,
            event=Event.COUNT_ENTERED,
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
            event=Event.COUNT_MISMATCH,
            after={"fields": [d.key for d in differences]},
            group=conference.group_election.group,
        )
        _notify_mismatch(conference=conference, differences=differences, actor=actor)
        return SubmitResult("mismatch", entry)


def _notify_mismatch(*, conference: Conference, differences, actor: User) -> None:
    """The head of the count board settles the differences; without their account, the ward officials."""
    group = conference.group_election.group
    head = conference.board_members.filter(role=BoardRole.HEAD, user__isnull=False).select_related("user").first()
    recipients: Sequence[User | None]
    if head is not None:
        recipients = [head.user]
    else:
        recipients = users_who_may(Action.RESOLVE_COUNT, group, roles={Role.WARD_OFFICIAL})
    candidates = {c.pk: c for c in count_candidates(conference)}
    notice_send(
        recipients=recipients,
        kind=Notice.Kind.COUNT_MISMATCH,
        url=reverse("count:count_compare", args=[conference.pk]),
        params={"group": group.name, "fields": ", ".join(str(field_label(d.key, candidates)) for d in differences)},
        actor=actor,
    )


def _accept(
    *, conference: Conference, actor: User, data: CountData, method: str, note: str = "", resolution=None
) -> Count:
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
    apply_figures(count, data)
    validate(count, exclude=["conference"])
    count.save()
    save_votes(count, CountVote, data, "count")
    conference.status = Conference.Status.COUNTED
    conference.save(update_fields=["status"])
    audit_log(
        actor=actor,
        obj=count,
        event=Event.COUNT_ACCEPTED,
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


def tally_resolve(*, conference: Conference, actor: User, chosen: dict[str, int], note: str) -> Count:
    """The head of the count board (or a ward official) settles each differing field; the count is accepted."""
    with transaction.atomic():
        conference = lock_conference(conference)
        require_resolve(actor, conference)
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
