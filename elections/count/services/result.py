"""After the seal: correcting a sealed count (corrigendum) and scheduling a re-vote when nobody was elected.

The result itself is computed by `elections.rules.election_outcome` (see `services.figures.compute_outcome`):
elected only with strictly more than the profile's share (50 %) of the WHOLE electorate.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can
from accounts.models import User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError, validate
from elections.conference.models import Conference
from elections.conference.services.conference import conference_schedule
from elections.count.fingerprints import count_papers_fingerprint_issue
from elections.count.models import Corrigendum, Count, CountOutcome, CountVote
from elections.count.selectors import revote_deadline_for
from elections.count.services.figures import (
    CountData,
    TallyError,
    apply_figures,
    check_count,
    compute_outcome,
    save_votes,
)
from elections.models import Stage
from elections.services.transitions import group_election_schedule_revote
from elections.workflow import evidence_owner

logger = logging.getLogger(__name__)

# A re-vote is scheduled only here, as a new sitting after a sealed count that elected nobody.
_REVOTE_SITTING = evidence_owner("revote_schedule")


def _lock_count(conference: Conference) -> Count:
    Conference.objects.select_for_update().filter(pk=conference.pk).first()
    count = (
        Count.objects.select_for_update()
        .select_related(
            "conference__group_election__group__ward", "conference__group_election__campaign__legal_profile"
        )
        .filter(conference=conference)
        .first()
    )
    if count is None:
        raise DomainError(_("This conference has no accepted count."))
    return count


def count_vote_candidates(count: Count) -> list:
    return [vote.candidate for vote in count.votes.select_related("candidate__resident").order_by("id")]


def count_correct(
    *, conference: Conference, actor: User, data: CountData, reason: str, present: int | None = None
) -> Count:
    """A ward official corrects a sealed count, with a reason. The original figures are kept in a
    Corrigendum; the result is recomputed from the corrected figures."""
    with transaction.atomic():
        count = _lock_count(conference)
        conference = count.conference
        group_election = conference.group_election
        if not can(actor, Action.CORRECT_SEALED_COUNT, group_election.group):
            raise DomainError(_("Only a ward official can correct a sealed count."))
        if not count.is_sealed:
            raise DomainError(
                _("The count is not sealed yet: differences are resolved by the head of the count board.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise DomainError(_("Give the reason for the correction."), field="reason")
        data = data.for_method(count.voting_method)
        present = count.present if present is None else present
        original = CountData.of(count)
        if data == original and present == count.present:
            raise DomainError(_("The corrected figures are the same as the sealed ones: nothing to correct."))
        if present < 0:
            raise TallyError([("present", _("Voters present cannot be negative (%(value)s).") % {"value": present})])
        # The candidates of the sealed count, even if the ballot list changed since (a later complaint).
        candidates = count_vote_candidates(count)
        check_count(conference=conference, data=data, present=present, candidates=candidates)
        outcome, elected = compute_outcome(conference=conference, votes=data.votes, electorate=count.electorate)
        was_elected = count.outcome == CountOutcome.ELECTED
        now_elected = outcome == CountOutcome.ELECTED
        if was_elected != now_elected or (was_elected and elected != count.elected_id):
            raise DomainError(
                _(
                    "This correction would change the result from “%(before)s” to “%(after)s”. A sealed result "
                    "cannot change who is elected by a correction: the ward must settle it by a decision "
                    "(for example a re-vote)."
                )
                % {"before": CountOutcome(count.outcome).label, "after": CountOutcome(outcome).label}
            )
        number = count.corrigenda.count() + 1
        original_json = {**original.as_json(), "present": count.present}
        corrected_json = {**data.as_json(), "present": present}
        corrigendum = Corrigendum(
            count=count,
            number=number,
            reason=reason,
            corrected_by=actor,
            original=original_json,
            corrected=corrected_json,
            outcome_before=count.outcome,
            outcome_after=outcome,
        )
        validate(corrigendum)
        corrigendum.save()
        apply_figures(count, data)
        count.present = present
        count.outcome = outcome
        count.elected_id = elected
        validate(count, exclude=["conference"])
        count.save(update_fields=[*Count.SCALAR_FIELDS, "present", "outcome", "elected"])
        save_votes(count, CountVote, data, "count")
        audit_log(
            actor=actor,
            obj=count,
            event=Event.COUNT_CORRECTED,
            before=original_json,
            after=corrected_json,
            group=group_election.group,
            note=reason,
        )
        # The papers printed before this correction now show as superseded, with its date and reason.
        count_papers_fingerprint_issue(
            conference=conference,
            actor=actor,
            reason=_("Corrigendum %(number)s: %(reason)s") % {"number": number, "reason": reason},
            at=corrigendum.corrected_at,
        )
        logger.info(
            "Corrigendum %s (number %s) of count %s (conference %s) by user %s: %s -> %s.",
            corrigendum.pk,
            number,
            count.pk,
            conference.pk,
            actor.pk,
            corrigendum.outcome_before,
            corrigendum.outcome_after,
        )
        return count


def revote_schedule(
    *, conference: Conference, actor: User, scheduled_at: datetime.datetime, venue: str, note: str = ""
) -> Conference:
    """Nobody was elected at this (sealed) conference: schedule the re-vote as a new conference of the same
    election, within the profile's limit, and move the group to "Re-vote scheduled"."""
    with transaction.atomic():
        count = _lock_count(conference)
        conference = count.conference
        group_election = conference.group_election
        if not can(actor, Action.ADVANCE_STAGE, group_election.group):
            raise DomainError(_("Only a ward official can schedule a re-vote."))
        if not count.is_sealed or count.outcome == CountOutcome.ELECTED:
            raise DomainError(_("A re-vote is scheduled only after a sealed count that elected nobody."))
        if group_election.stage != Stage.NO_WINNER:
            raise DomainError(
                _("A re-vote can be scheduled only when the group is at the stage “%(stage)s”.")
                % {"stage": Stage.NO_WINNER.label}
            )
        if scheduled_at is None:
            raise DomainError(_("Enter the date and time of the re-vote."), field="scheduled_at")
        day = timezone.localdate(scheduled_at) if timezone.is_aware(scheduled_at) else scheduled_at.date()
        held = timezone.localdate(conference.scheduled_at)
        deadline = revote_deadline_for(conference)
        if day <= held:
            raise DomainError(
                _("The re-vote must be after the conference of %(date)s.") % {"date": held.strftime("%d/%m/%Y")},
                field="scheduled_at",
            )
        if day > deadline:
            rules = group_election.campaign.legal_profile.rules()
            raise DomainError(
                _("The re-vote must be held within %(days)s days of the conference, by %(date)s at the latest.")
                % {"days": rules.revote_within_days, "date": deadline.strftime("%d/%m/%Y")},
                field="scheduled_at",
            )
        new = conference_schedule(
            group_election=group_election,
            actor=actor,
            scheduled_at=scheduled_at,
            venue=venue,
            is_revote=True,
            previous=conference,
            note=note or _("Re-vote: nobody was elected at sitting %(seq)s.") % {"seq": conference.sequence},
        )
        # The elections app's service moves the stage and keeps the plan (date, venue, round) in step.
        group_election_schedule_revote(
            group_election=group_election,
            actor=actor,
            at=new.scheduled_at,
            venue=new.venue,
            owner=_REVOTE_SITTING,
            note=_("Re-vote on %(date)s at %(venue)s.")
            % {"date": timezone.localtime(new.scheduled_at).strftime("%d/%m/%Y %H:%M"), "venue": new.venue},
        )
        logger.info(
            "Re-vote scheduled for group election %s: conference %s on %s after conference %s, by user %s.",
            group_election.pk,
            new.pk,
            timezone.localtime(new.scheduled_at).date().isoformat(),
            conference.pk,
            actor.pk,
        )
        return new
