"""Sealing the count: the head of the count board confirms the accepted count with two witnesses and the
hours of the count; the count and its result are sealed, their papers fingerprinted, and the group moves
to "elected" or "no winner"."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError, validate
from elections.conference.models import Conference, Elector
from elections.conference.services.team import active_candidates, candidate_conflict
from elections.count.fingerprints import count_papers_fingerprint_issue
from elections.count.models import Count, CountOutcome
from elections.count.services.figures import TallyError
from elections.count.services.tally import lock_conference, require_resolve
from elections.models import Stage
from elections.workflow import evidence_owner, group_election_transition
from residents.names import fold

logger = logging.getLogger(__name__)

# The stages only this module enters: elected or no winner (the count sealed).
_COUNT_SEALED = evidence_owner("count_seal")


def witness_choices(conference: Conference) -> list[Elector]:
    """Household representatives (electors) of the group who may witness the count: not candidates."""
    candidates = active_candidates(conference.group_election)
    resident_ids = {c.resident_id for c in candidates}
    names = {fold(c.resident.full_name) for c in candidates}
    electors = Elector.objects.filter(group_election=conference.group_election).order_by("number")
    return [e for e in electors if e.resident_id not in resident_ids and e.name_folded not in names]


def count_seal(
    *,
    conference: Conference,
    actor: User,
    witness_1: Elector,
    witness_2: Elector,
    count_ended_at: datetime.datetime,
    count_started_at: datetime.datetime | None = None,
    complaints: str = "",
) -> Count:
    """The head of the count board confirms: the count and its result are sealed and the stage moves on."""
    with transaction.atomic():
        conference = lock_conference(conference)
        require_resolve(actor, conference)
        count = Count.objects.select_for_update().filter(conference=conference).first()
        if count is None:
            raise DomainError(_("The count has not been accepted yet, so it cannot be sealed."))
        if count.is_sealed:
            raise DomainError(_("The count of this conference is already sealed."))
        problems: list[tuple[str | None, str]] = []
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
        validate(count, exclude=["conference"])
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
            event=Event.COUNT_SEALED,
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
        logger.info(
            "Count %s of conference %s (group election %s) sealed by user %s: %s.",
            count.pk,
            conference.pk,
            group_election.pk,
            actor.pk,
            count.outcome,
        )
        return count
