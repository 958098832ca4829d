"""Writes of the public pages: turning a campaign's results page on or off, and creating the signed link
of a conference's hall screen. Both audited."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, can, visible_wards
from accounts.models import User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError, validate
from elections.conference.models import Conference
from elections.models import Campaign
from publicview.models import PublicResults
from publicview.selectors import results_cache_key

HALL_SALT = "publicview.hall-screen"


def public_results_set(*, campaign: Campaign, actor: User, enabled: bool) -> PublicResults:
    """A ward official turns the campaign's public results page on or off (at once: the cache is dropped)."""
    if not can(actor, Action.MANAGE_CAMPAIGN) or not visible_wards(actor).filter(pk=campaign.ward_id).exists():
        raise DomainError(_("Only a ward official of this ward can turn the public results page on or off."))
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        setting, _created = PublicResults.objects.get_or_create(campaign=campaign)
        before = setting.enabled
        if before != enabled or _created:
            setting.enabled = enabled
            setting.changed_by = actor
            validate(setting)
            setting.save()
            audit_log(
                actor=actor,
                obj=setting,
                event=Event.PUBLIC_RESULTS_TURNED_ON if enabled else Event.PUBLIC_RESULTS_TURNED_OFF,
                before={"enabled": before},
                after={"enabled": enabled},
                ward=campaign.ward_id,
            )
    cache.delete(results_cache_key(campaign.pk))
    return setting


def hall_link_hours() -> int:
    return int(getattr(settings, "HALL_SCREEN_HOURS", 12))


def hall_link_create(*, conference: Conference, actor: User) -> tuple[str, datetime.datetime]:
    """A signed token for the hall screen of this sitting, valid HALL_SCREEN_HOURS; returns it and its expiry."""
    group = conference.group_election.group
    if not can(actor, Action.CHECK_IN, group):
        raise DomainError(_("Only the election team or a ward official can open the hall's screen."))
    token = signing.dumps({"c": conference.pk}, salt=HALL_SALT, compress=True)
    expires = timezone.now() + datetime.timedelta(hours=hall_link_hours())
    audit_log(
        actor=actor,
        obj=conference,
        event=Event.HALL_SCREEN_LINK_CREATED,
        after={"expires": expires},
        group=group,
    )
    return token, expires


def hall_token_conference(token: str) -> int | None:
    """The conference a hall-screen token names, or None when it is forged or expired."""
    try:
        data = signing.loads(token, salt=HALL_SALT, max_age=datetime.timedelta(hours=hall_link_hours()))
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    value = data.get("c") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None
