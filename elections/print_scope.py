"""Batch printing's view of the elections (papers.scope), registered in ElectionsConfig.ready."""

from __future__ import annotations

from accounts.access import visible_groups
from elections.models import GroupElection
from papers.scope import PrintScope, Section, register_scope


def _subjects(*, campaign, user, party_cell_id=None, group_election_id=None):
    """The group elections a print job covers, among those its requester may see, by group code."""
    elections = GroupElection.objects.filter(campaign=campaign, group__in=visible_groups(user)).select_related(
        "group", "group__ward", "group__party_cell", "campaign", "campaign__ward", "campaign__legal_profile"
    )
    if party_cell_id:
        elections = elections.filter(group__party_cell_id=party_cell_id)
    if group_election_id:
        elections = elections.filter(pk=group_election_id)
    return elections.order_by("group__code", "pk")


def _group_section(group_election) -> Section:
    group = group_election.group
    return Section(title=group.name, name=str(group), code=getattr(group, "code", ""))


def _ward_section(campaign) -> Section:
    ward = campaign.ward
    return Section(title=f"{ward.kind.capitalize()} {ward.name}", name=str(ward), code=getattr(ward, "code", ""))


register_scope(
    PrintScope(
        subjects=_subjects,
        group_section=_group_section,
        ward_section=_ward_section,
        campaign_label=lambda campaign: campaign.label,
    )
)
