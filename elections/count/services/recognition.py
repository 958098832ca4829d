"""The chairman's decision recognising the elected leader, and the group's leader history."""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can
from accounts.models import User
from audit.events import Event
from audit.services import audit_log, snapshot
from config.errors import DomainError, validate
from elections.count.fingerprints import decision_fingerprint_issue
from elections.count.models import Count, CountOutcome, RecognitionDecision
from elections.count.services.figures import TallyError
from elections.models import Campaign, GroupElection, Stage
from elections.workflow import evidence_owner, group_election_transition
from notices.models import Notice
from notices.recipients import area_committee_members
from notices.services import notice_send
from residents.models import LeaderTerm

logger = logging.getLogger(__name__)

# Only issuing the decision recognises a leader: the workflow gives that stage to this module alone.
_DECISION_ISSUED = evidence_owner("decision_issue")

DEFAULT_RECIPIENTS = [
    "Như Điều 3",
    "Thường trực Đảng ủy, HĐND phường",
    "Ủy ban MTTQ Việt Nam phường",
]

_DECISION_FIELDS = ["number", "decision_date", "proposer", "recipients", "authority", "signer_name", "candidate"]


def deciding_count(group_election: GroupElection) -> Count | None:
    """The sealed count that elected the leader (the last sitting's), if any."""
    return (
        Count.objects.filter(conference__group_election=group_election, sealed_at__isnull=False)
        .select_related("conference", "elected__resident")
        .order_by("-conference__sequence")
        .first()
    )


def next_decision_number(campaign: Campaign) -> int:
    top = RecognitionDecision.objects.filter(campaign=campaign).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def default_proposer(group_election: GroupElection) -> str:
    return f"Tổ trưởng Tổ bầu cử {group_election.group.name}"


def decision_issue(
    *,
    group_election: GroupElection,
    actor: User,
    number: int,
    decision_date: datetime.date,
    recipients: str,
    proposer: str,
) -> RecognitionDecision:
    """The chairman issues the decision: the group moves to "Recognised" and the new leader enters the group's
    leader history for the campaign's term (the previous open term is closed the day before)."""
    with transaction.atomic():
        locked = (
            GroupElection.objects.select_for_update()
            .select_related("group__ward", "campaign__legal_profile")
            .get(pk=group_election.pk)
        )
        if not can(actor, Action.SIGN_DECISION, locked.group):
            raise DomainError(_("Only the ward chairman can issue the recognition decision."))
        if hasattr(locked, "recognition_decision"):
            raise DomainError(_("The recognition decision for this group has already been issued."))
        if locked.stage != Stage.ELECTED:
            raise DomainError(
                _("A leader can be recognised only when the group is at the stage “%(stage)s”.")
                % {"stage": Stage.ELECTED.label}
            )
        count = deciding_count(locked)
        if count is None or count.outcome != CountOutcome.ELECTED:
            raise DomainError(_("There is no sealed count electing a leader for this group."))
        problems: list[tuple[str | None, str]] = []
        if number is None or number < 1:
            problems.append(("number", _("The decision number must be a positive whole number.")))
        elif RecognitionDecision.objects.filter(campaign=locked.campaign, number=number).exists():
            problems.append(
                ("number", _("Decision number %(number)02d is already used in this campaign.") % {"number": number})
            )
        held = timezone.localdate(count.conference.scheduled_at)
        if decision_date is None:
            problems.append(("decision_date", _("Enter the date of the decision.")))
        elif decision_date < held:
            problems.append(
                (
                    "decision_date",
                    _("The decision cannot be dated before the conference (%(date)s).")
                    % {"date": held.strftime("%d/%m/%Y")},
                )
            )
        elif decision_date > timezone.localdate():
            problems.append(("decision_date", _("The decision cannot be dated in the future.")))
        proposer = (proposer or "").strip()
        if not proposer:
            problems.append(("proposer", _("Say on whose proposal the decision is made.")))
        lines = [line.strip().lstrip("-").strip().rstrip(";.").strip() for line in (recipients or "").splitlines()]
        lines = [line for line in lines if line and line.lower() not in ("lưu: vt", "lưu vt")]
        if not lines:
            problems.append(("recipients", _("List at least one recipient of the decision.")))
        if problems:
            raise TallyError(problems)

        candidate = count.elected
        assert candidate is not None  # an elected outcome names the leader (count_elected_iff_outcome_elected)
        resident = candidate.resident
        decision = RecognitionDecision(
            group_election=locked,
            campaign=locked.campaign,
            conference=count.conference,
            candidate=candidate,
            number=number,
            decision_date=decision_date,
            proposer=proposer,
            recipients="\n".join(lines),
            authority=locked.campaign.legal_profile.decision_authority,
            signer_name=actor.display_name,
            issued_by=actor,
        )
        validate(decision)
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError as exc:
            raise DomainError(_("Another decision with this number was issued at the same moment.")) from exc

        term = _enter_leader_history(group_election=locked, resident=resident, start=decision_date, actor=actor)
        decision.leader_term = term
        decision.save(update_fields=["leader_term"])
        audit_log(
            actor=actor,
            obj=decision,
            event=Event.RECOGNITION_DECISION_ISSUED,
            after=snapshot(decision, _DECISION_FIELDS),
            group=locked.group,
        )
        decision_fingerprint_issue(decision=decision, actor=actor)
        group_election_transition(
            group_election=locked,
            target=Stage.RECOGNISED,
            actor=actor,
            note=_("Decision %(number)s of %(date)s.")
            % {"number": decision.number_display, "date": decision_date.strftime("%d/%m/%Y")},
            owner=_DECISION_ISSUED,
        )
        notice_send(
            recipients=area_committee_members(locked.group),
            kind=Notice.Kind.DECISION_ISSUED,
            url=reverse("count:result", args=[count.conference_id]),
            params={"group": locked.group.name, "number": decision.number_display},
            actor=actor,
        )
        logger.info(
            "Recognition decision %s (number %s) issued for group election %s by user %s.",
            decision.pk,
            decision.number,
            locked.pk,
            actor.pk,
        )
        return decision


def _enter_leader_history(*, group_election: GroupElection, resident, start: datetime.date, actor: User) -> LeaderTerm:
    group = group_election.group
    label = group_election.campaign.label
    existing = LeaderTerm.objects.select_for_update().filter(group=group, term_label=label).first()
    if existing is not None and existing.resident_id not in (None, resident.pk):
        raise DomainError(
            _("The leader history of %(group)s already has %(name)s for the term %(term)s.")
            % {"group": group, "name": existing.full_name, "term": label}
        )
    for previous in (
        LeaderTerm.objects.select_for_update().filter(group=group, end_date__isnull=True).exclude(term_label=label)
    ):
        before = snapshot(previous, ["end_date", "note"])
        previous.end_date = max(previous.start_date, start - datetime.timedelta(days=1))
        validate(previous)
        previous.save(update_fields=["end_date"])
        audit_log(
            actor=actor,
            obj=previous,
            event=Event.LEADER_TERM_CLOSED,
            before=before,
            after=snapshot(previous, ["end_date", "note"]),
            group=group,
        )
    term = existing or LeaderTerm(group=group, term_label=label)
    term.resident = resident
    term.full_name = resident.full_name
    term.start_date = start
    term.end_date = None
    term.was_party_member = resident.is_party_member
    term.note = _("Recognised by decision of the ward chairman.")
    validate(term)
    term.save()
    audit_log(
        actor=actor,
        obj=term,
        event=Event.LEADER_TERM_STARTED,
        after=snapshot(term, ["resident", "full_name", "term_label", "start_date", "was_party_member"]),
        group=group,
    )
    return term
