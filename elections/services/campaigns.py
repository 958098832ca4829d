"""Legal profiles and campaigns: every change checked, saved and audited here."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from accounts.access import Action, require
from accounts.models import User
from audit.events import Event
from audit.services import audit_log, snapshot
from config.errors import DomainError, validate
from elections.models import Campaign, GroupElection, LegalProfile
from elections.rules import PERCENT_FIELDS, RULE_FIELDS, percent_in_range
from elections.services._common import apply, in_users_ward
from residents.models import ResidentialGroup, Ward

# What a ward official edits: the name and basis, every rule of `ProfileRules`, who decides, notes.
PROFILE_FIELDS = ["name", "legal_basis", *RULE_FIELDS, "decision_authority", "notes"]

CAMPAIGN_FIELDS = [
    "label",
    "previous_term_label",
    "term_start",
    "term_end",
    "election_day",
    "electorate_mode",
    "legal_profile",
    "is_current",
]


def _check_profile(profile: LegalProfile) -> None:
    problems = []
    if profile.min_candidates > profile.max_candidates:
        problems.append(
            _("Candidates introduced: the minimum (%(min)s) cannot be more than the maximum (%(max)s).")
            % {"min": profile.min_candidates, "max": profile.max_candidates}
        )
    for name in PERCENT_FIELDS:
        value = getattr(profile, name)
        if value is not None and not percent_in_range(value):
            field = LegalProfile._meta.get_field(name)
            assert isinstance(field, Field)  # a column of the profile
            label = field.verbose_name
            problems.append(
                _("%(field)s must be from 0 to under 100 (not %(value)s).") % {"field": label, "value": value}
            )
    board_min, board_max = profile.count_board_min, profile.count_board_max
    if (board_min is None) != (board_max is None):
        problems.append(_("Count board: give both the minimum and the maximum, or neither."))
    elif board_min is not None and board_max is not None and not 0 < board_min <= board_max:
        problems.append(
            _("Count board: the minimum (%(min)s) must be at least 1 and not more than the maximum (%(max)s).")
            % {"min": board_min, "max": board_max}
        )
    if problems:
        raise DomainError(*problems)


def legal_profile_update(*, profile: LegalProfile, actor: User, data: dict) -> LegalProfile:
    """Edit the figures of a legal profile (e.g. once an unconfirmed figure is confirmed)."""
    require(actor, Action.MANAGE_CAMPAIGN)
    with transaction.atomic():
        locked = LegalProfile.objects.select_for_update().get(pk=profile.pk)
        before = snapshot(locked, PROFILE_FIELDS)
        changed = apply(locked, data, PROFILE_FIELDS)
        if not changed:
            return locked
        _check_profile(locked)
        validate(locked)
        locked.save(update_fields=changed)
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.LEGAL_PROFILE_UPDATED,
            before={k: before[k] for k in changed},
            after=snapshot(locked, changed),
            ward=actor.ward_id,
        )
    return locked


def _check_campaign(campaign: Campaign) -> None:
    if campaign.term_start and campaign.term_end and campaign.term_end <= campaign.term_start:
        raise DomainError(
            _("Term end (%(end)s) must be after the term start (%(start)s).")
            % {"end": f"{campaign.term_end:%d/%m/%Y}", "start": f"{campaign.term_start:%d/%m/%Y}"},
            field="term_end",
        )
    clash = Campaign.objects.filter(ward_id=campaign.ward_id, label=campaign.label).exclude(pk=campaign.pk)
    if clash.exists():
        raise DomainError(
            _("The ward already has a campaign for the term %(label)s.") % {"label": campaign.label}, field="label"
        )


def _demote_current(*, ward: Ward, keep: Campaign | None, actor: User) -> None:
    """A ward has one current campaign: the others stop being current, each change audited."""
    others = Campaign.objects.select_for_update().filter(ward=ward, is_current=True)
    if keep is not None and keep.pk:
        others = others.exclude(pk=keep.pk)
    for other in others:
        other.is_current = False
        other.save(update_fields=["is_current"])
        audit_log(
            actor=actor,
            obj=other,
            event=Event.CAMPAIGN_UPDATED,
            before={"is_current": True},
            after={"is_current": False},
            ward=ward,
        )


def _open_group_elections(*, campaign: Campaign, actor: User) -> list[GroupElection]:
    """One group election (stage planned) for every group of the ward that has none in this campaign."""
    existing = set(campaign.group_elections.values_list("group_id", flat=True))
    groups = [
        g for g in ResidentialGroup.objects.filter(ward_id=campaign.ward_id).order_by("code") if g.pk not in existing
    ]
    created = GroupElection.objects.bulk_create([GroupElection(campaign=campaign, group=g) for g in groups])
    # bulk_create does not return pks on every backend: read them back.
    created = list(
        GroupElection.objects.filter(campaign=campaign, group__in=groups).select_related("group", "campaign")
    )
    for ge in created:
        audit_log(
            actor=actor,
            obj=ge,
            event=Event.GROUP_ELECTION_OPENED,
            after={"stage": ge.stage, "campaign": campaign.label},
            group=ge.group,
        )
    return created


def campaign_create(
    *,
    actor: User,
    ward: Ward,
    label: str,
    term_start: date,
    term_end: date,
    election_day: date,
    legal_profile: LegalProfile,
    electorate_mode: str = Campaign.Electorate.HOUSEHOLD_REPS,
    previous_term_label: str = "",
    is_current: bool = True,
) -> Campaign:
    """A new election term of the ward, with one group election per residential group."""
    require(actor, Action.MANAGE_CAMPAIGN)
    if not in_users_ward(actor, ward):
        raise DomainError(_("You may only open a campaign in your own ward."))
    with transaction.atomic():
        campaign = Campaign(
            ward=ward,
            label=label.strip(),
            previous_term_label=previous_term_label.strip(),
            term_start=term_start,
            term_end=term_end,
            election_day=election_day,
            electorate_mode=electorate_mode,
            legal_profile=legal_profile,
            is_current=is_current,
        )
        _check_campaign(campaign)
        if is_current:
            _demote_current(ward=ward, keep=None, actor=actor)
        validate(campaign)
        campaign.save()
        audit_log(
            actor=actor,
            obj=campaign,
            event=Event.CAMPAIGN_CREATED,
            after=snapshot(campaign, CAMPAIGN_FIELDS),
            ward=ward,
        )
        _open_group_elections(campaign=campaign, actor=actor)
    return campaign


def campaign_update(*, campaign: Campaign, actor: User, data: dict) -> Campaign:
    """Change the term, dates, electorate or profile; groups added to the ward since get their election."""
    require(actor, Action.MANAGE_CAMPAIGN)
    if not in_users_ward(actor, campaign.ward):
        raise DomainError(_("You may only change campaigns of your own ward."))
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().select_related("ward").get(pk=campaign.pk)
        before = snapshot(locked, CAMPAIGN_FIELDS)
        if isinstance(data.get("label"), str):
            data = {**data, "label": data["label"].strip()}
        changed = apply(locked, data, CAMPAIGN_FIELDS)
        if changed:
            _check_campaign(locked)
            if "is_current" in changed and locked.is_current:
                _demote_current(ward=locked.ward, keep=locked, actor=actor)
            validate(locked)
            locked.save(update_fields=changed)
            audit_log(
                actor=actor,
                obj=locked,
                event=Event.CAMPAIGN_UPDATED,
                before={k: before[k] for k in changed},
                after=snapshot(locked, changed),
                ward=locked.ward,
            )
        _open_group_elections(campaign=locked, actor=actor)
    return locked
