"""Writes on candidates: the consultation with the cell committee and the nomination."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.access import Action, require
from accounts.models import User
from audit.events import Event
from audit.services import audit_log, snapshot
from config.errors import DomainError, validate
from elections.candidates.eligibility import register_problems
from elections.candidates.models import (
    Candidate,
    ConsultationMeeting,
)
from elections.candidates.services.candidates import (
    check_editable,
    lock_election,
)
from elections.models import GroupElection
from residents.models import Resident


def consultation_record(
    *, group_election: GroupElection, held_on: date, participants: str, agreement: str, venue: str = "", actor: User
) -> ConsultationMeeting:
    """Record the Front work committee's meeting with the cell committee on the candidates to introduce."""
    require(actor, Action.NOMINATE, group_election.group)
    with transaction.atomic():
        election = lock_election(group_election)
        check_editable(election)
        if held_on > election.campaign.election_day:
            raise DomainError(_("The meeting date cannot be after the election day."), field="held_on")
        meeting = ConsultationMeeting(
            group_election=election,
            held_on=held_on,
            venue=venue.strip(),
            participants=participants.strip(),
            agreement=agreement.strip(),
            recorded_by=actor,
        )
        validate(meeting)
        meeting.save()
        audit_log(
            actor=actor,
            obj=meeting,
            event=Event.CONSULTATION_RECORDED,
            after=snapshot(meeting, ["held_on", "venue", "participants", "agreement"]),
            group=election.group,
        )
    return meeting


# ----------------------------------------------------------------------------- nomination


def candidate_nominate(
    *,
    group_election: GroupElection,
    resident: Resident,
    source: str,
    actor: User,
    consultation: ConsultationMeeting | None = None,
    note: str = "",
) -> Candidate:
    """Nominate a resident of the group. Refused, with the reason, when the register shows them ineligible."""
    require(actor, Action.NOMINATE, group_election.group)
    if source not in Candidate.Source.values:
        raise DomainError(_("Unknown way of nomination."), field="source")
    with transaction.atomic():
        election = lock_election(group_election)
        check_editable(election)
        profile = election.campaign.legal_profile
        resident = Resident.objects.select_related("household__group").get(pk=resident.pk)
        problems = register_problems(
            resident=resident,
            group=election.group,
            election_day=election.campaign.election_day,
            min_age=profile.min_candidate_age,
        )
        if problems:
            raise DomainError(*problems, field="resident")
        if Candidate.objects.filter(group_election=election, resident=resident).exists():
            raise DomainError(
                _("%(name)s is already a candidate in %(group)s.")
                % {"name": resident.full_name, "group": election.group.name},
                field="resident",
            )
        if source == Candidate.Source.FRONT:
            if consultation is None or consultation.group_election_id != election.pk:
                if ConsultationMeeting.objects.filter(group_election=election).exists():
                    message = _(
                        "A candidate introduced by the Front work committee needs the consultation meeting with "
                        "the cell committee: choose the meeting at which this person was agreed."
                    )
                else:
                    message = _(
                        "A candidate introduced by the Front work committee needs the consultation meeting with "
                        "the cell committee: record the meeting first, then choose it."
                    )
                raise DomainError(message, field="consultation")
            active_front = (
                Candidate.objects.filter(group_election=election, source=Candidate.Source.FRONT)
                .exclude(status__in=[Candidate.Status.REJECTED, Candidate.Status.WITHDRAWN])
                .count()
            )
            if active_front >= profile.max_candidates:
                raise DomainError(
                    _(
                        "The Front work committee introduces at most %(max)s candidates; %(group)s already has "
                        "%(count)s. Withdraw one first, or record this person as a self-nomination or a "
                        "nomination from the floor."
                    )
                    % {"max": profile.max_candidates, "group": election.group.name, "count": active_front},
                    field="source",
                )
        else:
            consultation = None
        candidate = Candidate(
            group_election=election,
            resident=resident,
            source=source,
            consultation=consultation,
            nomination_note=note.strip(),
            nominated_by=actor,
            party_member_at_vetting=resident.is_party_member,
        )
        validate(candidate, validate_unique=False)
        try:
            with transaction.atomic():
                candidate.save()
        except IntegrityError as exc:  # a parallel nomination of the same person
            raise DomainError(
                _("%(name)s is already a candidate in %(group)s.")
                % {"name": resident.full_name, "group": election.group.name},
                field="resident",
            ) from exc
        audit_log(
            actor=actor,
            obj=candidate,
            event=Event.CANDIDATE_NOMINATED,
            after={
                "resident": resident.pk,
                "full_name": resident.full_name,
                "source": source,
                "consultation": consultation.pk if consultation else None,
                "party_member": resident.is_party_member,
            },
            group=election.group,
            note=note.strip(),
        )
    return candidate
