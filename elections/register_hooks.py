"""What elections tells the ward register below it (`residents.hooks`): the current campaign, each group's
stage and the stage labels. Imported by `ElectionsConfig.ready()`."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from elections.models import Campaign, GroupElection, Stage
from residents.hooks import register_election_hooks


def current_campaign(ward_id: int) -> Campaign | None:
    return Campaign.objects.filter(ward_id=ward_id, is_current=True).select_related("legal_profile").first()


def stage_of_group(campaign: Campaign) -> Subquery:
    return Subquery(GroupElection.objects.filter(group=OuterRef("pk"), campaign=campaign).values("stage")[:1])


def stage_labels() -> dict:
    return dict(Stage.choices)


register_election_hooks(current_campaign=current_campaign, stage_of_group=stage_of_group, stage_labels=stage_labels)
