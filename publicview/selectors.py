"""What the public pages show: plain values only, never voters, addresses, birth dates, Party membership
or complaints. Nothing here takes a user: these pages are public on purpose, and each reads one campaign,
one conference or one fingerprint by an identifier given in the URL."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.utils import timezone

from elections.conference import selectors as conference_selectors
from elections.conference.models import Conference
from elections.count.models import Count, CountVote, RecognitionDecision
from elections.count.selectors import count_of
from elections.models import Campaign, GroupElection
from elections.rules import percent_of_electorate
from publicview.models import PublicResults
from verification.models import PaperFingerprint
from verification.selectors import paper_fingerprint_lookup


def results_cache_key(campaign_pk: int) -> str:
    return f"public-results:{campaign_pk}"


def results_enabled(campaign: Campaign) -> bool:
    setting = PublicResults.objects.filter(campaign=campaign).first()
    return setting is None or setting.enabled


def _result(count: Count) -> dict:
    candidates = [
        {
            "name": vote.candidate.resident.full_name,
            "votes": vote.votes,
            "percent": percent_of_electorate(vote.votes, count.electorate),
            "elected": vote.candidate_id == count.elected_id,
        }
        for vote in count.votes.all()
    ]
    return {
        "electorate": count.electorate,
        "present": count.present,
        "present_percent": percent_of_electorate(count.present, count.electorate),
        "candidates": sorted(candidates, key=lambda c: -c["votes"]),
        "outcome": count.outcome,
        "elected": count.elected.resident.full_name if count.elected is not None else "",
        "sitting": count.conference.sequence,
        "sealed_on": timezone.localtime(count.sealed_at).date(),
    }


def _build_results(campaign: Campaign) -> dict:
    elections = list(
        GroupElection.objects.filter(campaign=campaign).select_related("group").order_by("group__code", "group__name")
    )
    # The latest sealed count of each group (a re-vote's replaces the first sitting's).
    sealed: dict[int, Count] = {}
    for sealed_count in (
        Count.objects.filter(conference__group_election__campaign=campaign, sealed_at__isnull=False)
        .select_related("conference", "elected__resident")
        .prefetch_related(
            Prefetch("votes", queryset=CountVote.objects.select_related("candidate__resident").order_by("id"))
        )
        .order_by("conference__sequence")
    ):
        sealed[sealed_count.conference.group_election_id] = sealed_count
    decisions = {d.group_election_id: d for d in RecognitionDecision.objects.filter(campaign=campaign)}
    groups = []
    for election in elections:
        count = sealed.get(election.pk)
        decision = decisions.get(election.pk)
        groups.append(
            {
                "code": election.group.code,
                "name": election.group.name,
                "stage": election.stage,
                "result": _result(count) if count is not None else None,
                "decision": {"number": decision.number_display, "date": decision.decision_date} if decision else None,
            }
        )
    return {
        "campaign_pk": campaign.pk,
        "ward": campaign.ward.name,
        "term": campaign.label,
        "election_day": campaign.election_day,
        "groups": groups,
        "generated_at": timezone.now(),
    }


def public_results(campaign_pk: int) -> dict | None:
    """The public results of one campaign (cached for PUBLIC_CACHE_SECONDS), or None when there is no
    such campaign or its ward has turned the page off."""
    key = results_cache_key(campaign_pk)
    data = cache.get(key)
    if data is None:
        campaign = Campaign.objects.select_related("ward").filter(pk=campaign_pk).first()
        if campaign is None:
            data = {"missing": True}
        elif not results_enabled(campaign):
            data = {"disabled": True}
        else:
            data = _build_results(campaign)
        cache.set(key, data, timeout=getattr(settings, "PUBLIC_CACHE_SECONDS", 30))
    return None if data.get("missing") or data.get("disabled") else data


def public_campaigns() -> list[dict]:
    """The current campaign of each ward whose results page is on (for the public index)."""
    off = set(PublicResults.objects.filter(enabled=False).values_list("campaign_id", flat=True))
    return [
        {"pk": c.pk, "ward": c.ward.name, "term": c.label, "election_day": c.election_day}
        for c in Campaign.objects.filter(is_current=True).select_related("ward").order_by("ward__name")
        if c.pk not in off
    ]


# ---------------------------------------------------------------- the hall's screen


def hall_screen(conference_pk: int) -> dict | None:
    """The group, the live quorum and, once sealed, the result of one sitting."""
    conference = (
        Conference.objects.select_related("group_election__group__ward", "group_election__campaign__legal_profile")
        .filter(pk=conference_pk)
        .first()
    )
    if conference is None:
        return None
    quorum = conference_selectors.quorum_status(conference)
    count = count_of(conference)
    rules = conference.group_election.campaign.legal_profile.rules()
    return {
        "group": conference.group_election.group.name,
        "ward": conference.group_election.group.ward.name,
        "sitting": conference.sequence,
        "is_revote": conference.is_revote,
        "status": conference.status,
        "quorum": quorum,
        "quorum_percent": rules.quorum_percent,
        "result": _result(count) if count is not None and count.is_sealed else None,
        "now": timezone.localtime(),
    }


# ---------------------------------------------------------------- the verify page


def verified_paper(code: str) -> PaperFingerprint | None:
    return paper_fingerprint_lookup(code)
