from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import Action, can, require
from config.errors import DomainError, report_error
from elections import papers, selectors, services
from elections.forms import PlanFormSet
from elections.services.plan import committee_member_choices, conference_locked, official_choices
from papers.pdf import pdf_response


def plan_current(request):
    campaign = selectors.current_campaign(request.user)
    if campaign is None:
        return redirect("elections:campaign_list")
    return redirect("elections:plan", pk=campaign.pk)


@require_http_methods(["GET", "POST"])
def plan(request, pk: int):
    """The plan of every group: shown to the ward, edited in one table by ward staff."""
    require(request.user, Action.VIEW_WARD)
    if request.method == "POST":
        require(request.user, Action.MANAGE_CAMPAIGN)
    campaign = selectors.campaign_for_user_or_404(request.user, pk)
    elections = list(selectors.group_elections(request.user, campaign))
    may_edit = can(request.user, Action.MANAGE_CAMPAIGN)
    formset = None
    if may_edit:
        officials = [(u.pk, u.display_name) for u in official_choices(campaign.ward_id)]
        members = [(u.pk, u.display_name) for u in committee_member_choices(campaign.ward_id)]
        initial = [
            {
                "group_election": ge.pk,
                "official_in_charge": ge.official_in_charge_id,
                "committee_member": ge.committee_member_id,
                "planned_venue": ge.planned_venue,
                "planned_at": ge.planned_at,
            }
            for ge in elections
        ]
        formset = PlanFormSet(
            request.POST if request.method == "POST" else None,
            initial=initial,
            form_kwargs={"officials": officials, "members": members},
        )
        for ge, form in zip(elections, formset.forms, strict=False):
            if conference_locked(ge):
                # Held conferences are history; a re-vote gets its date from the group's page.
                form.fields["planned_venue"].disabled = True
                form.fields["planned_at"].disabled = True
        if request.method == "POST":
            if formset.is_valid():
                rows = [
                    services.PlanRow(
                        group_election_id=form.cleaned_data["group_election"],
                        official_in_charge_id=form.cleaned_data["official_in_charge"],
                        committee_member_id=form.cleaned_data["committee_member"],
                        planned_venue=form.cleaned_data["planned_venue"],
                        planned_at=form.cleaned_data["planned_at"],
                    )
                    for form in formset
                ]
                try:
                    changed = services.plan_update(campaign=campaign, actor=request.user, rows=rows)
                except DomainError as error:
                    report_error(request, error)
                else:
                    messages.success(request, _("Plan saved: %(count)s groups changed.") % {"count": changed})
                    return redirect("elections:plan", pk=campaign.pk)
            else:
                by_id = {ge.pk: ge for ge in elections}
                for form in formset:
                    ge = by_id.get(form.initial.get("group_election"))
                    for field, errors in form.errors.items():
                        label = form.fields[field].label if field in form.fields else ""
                        for error in errors:
                            messages.error(
                                request,
                                _("%(group)s, %(field)s: %(error)s")
                                % {"group": ge.group.name if ge else "?", "field": label, "error": error},
                            )
    rows = (
        list(zip(elections, formset.forms, strict=False)) if formset is not None else [(ge, None) for ge in elections]
    )
    return render(
        request,
        "elections/plan.html",
        {
            "campaign": campaign,
            "rows": rows,
            "formset": formset,
            "may_edit": may_edit,
            "can_print": can(request.user, Action.PRINT_PAPERS),
        },
    )


@require_GET
def plan_pdf(request, pk: int):
    """The plan as the ward's KẾ HOẠCH paper, for those who see the whole ward and may print papers."""
    require(request.user, Action.VIEW_WARD)
    require(request.user, Action.PRINT_PAPERS)
    campaign = selectors.campaign_for_user_or_404(request.user, pk)
    data = papers.plan_pdf(campaign, group_elections=selectors.group_elections(request.user, campaign))
    return pdf_response(data, f"Kế hoạch bầu tổ trưởng tổ dân phố nhiệm kỳ {campaign.label}.pdf", attachment=False)
