"""The election team of a group: members, the chairman's decision, its PDF."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import Action, can
from config.errors import DomainError, report_error
from elections.conference import papers, selectors
from elections.conference.forms import TeamDecisionForm, TeamMemberForm
from elections.conference.models import TeamDecision, TeamMember
from elections.conference.services.team import team_decision_record, team_member_add, team_member_remove
from papers.pdf import pdf_response


def _team_context(request, group_election, *, member_form=None, decision_form=None) -> dict:
    decision = TeamDecision.objects.filter(group_election=group_election).first()
    can_manage = can(request.user, Action.MANAGE_TEAM, group_election.group)
    if can_manage and member_form is None:
        member_form = TeamMemberForm(group_election=group_election)
    if can_manage and decision_form is None:
        initial = {"signer_name": ""}
        if decision is not None:
            initial = {"number": decision.number, "signed_on": decision.signed_on, "signer_name": decision.signer_name}
        decision_form = TeamDecisionForm(initial=initial)
    return {
        "group_election": group_election,
        "group": group_election.group,
        "members": selectors.team_members(group_election),
        "decision": decision,
        "can_manage": can_manage,
        "can_print": can(request.user, Action.PRINT_PAPERS, group_election.group),
        "member_form": member_form,
        "decision_form": decision_form,
        "conferences": list(group_election.conferences.order_by("sequence")),
    }


@require_GET
def team_page(request, ge_pk: int):
    group_election = selectors.group_election_for_user_or_404(request.user, ge_pk)
    return render(request, "conference/team.html", _team_context(request, group_election))


@require_POST
def team_member_create(request, ge_pk: int):
    group_election = selectors.group_election_for_user_or_404(request.user, ge_pk, action=Action.MANAGE_TEAM)
    form = TeamMemberForm(request.POST, group_election=group_election)
    if form.is_valid():
        try:
            member = team_member_add(group_election=group_election, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("%(name)s was added to the election team.") % {"name": member.full_name})
            return redirect("conference:team", ge_pk=group_election.pk)
    context = _team_context(request, group_election, member_form=form)
    return render(request, "conference/team.html", context, status=400)


@require_POST
def team_member_delete(request, ge_pk: int, member_pk: int):
    group_election = selectors.group_election_for_user_or_404(request.user, ge_pk, action=Action.MANAGE_TEAM)
    member = get_object_or_404(TeamMember, pk=member_pk, group_election=group_election)
    team_member_remove(member=member, actor=request.user)
    messages.success(request, _("%(name)s was removed from the election team.") % {"name": member.full_name})
    return redirect("conference:team", ge_pk=group_election.pk)


@require_POST
def team_decision_save(request, ge_pk: int):
    group_election = selectors.group_election_for_user_or_404(request.user, ge_pk, action=Action.MANAGE_TEAM)
    form = TeamDecisionForm(request.POST)
    if form.is_valid():
        try:
            team_decision_record(group_election=group_election, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("The decision forming the election team was recorded."))
            return redirect("conference:team", ge_pk=group_election.pk)
    context = _team_context(request, group_election, decision_form=form)
    return render(request, "conference/team.html", context, status=400)


@require_GET
def team_decision_pdf(request, ge_pk: int):
    group_election = selectors.group_election_for_user_or_404(request.user, ge_pk, action=Action.PRINT_PAPERS)
    if not TeamMember.objects.filter(group_election=group_election).exists():
        messages.error(request, _("Add the members of the election team before printing the decision."))
        return redirect("conference:team", ge_pk=group_election.pk)
    data = papers.team_decision_pdf(group_election)
    return pdf_response(data, f"Quyết định thành lập Tổ bầu cử {group_election.group.name}.pdf")
