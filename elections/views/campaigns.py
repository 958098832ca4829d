from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import Action, can, require, visible_wards
from config.errors import DomainError, report_error
from elections import selectors, services
from elections.forms import CampaignForm, LegalProfileForm


def campaign_list(request):
    campaigns = selectors.campaigns_for_user(request.user).order_by("ward__name", "-election_day")
    return render(
        request,
        "elections/campaign_list.html",
        {"campaigns": campaigns, "may_manage": can(request.user, Action.MANAGE_CAMPAIGN)},
    )


def campaign_current(request):
    campaign = selectors.current_campaign(request.user)
    if campaign is None:
        return redirect("elections:campaign_list")
    return redirect("elections:campaign_detail", pk=campaign.pk)


def campaign_detail(request, pk: int):
    campaign = selectors.campaign_for_user_or_404(request.user, pk)
    rows = selectors.group_rows(request.user, campaign)
    stage_counts: dict[str, int] = {}
    for row in rows:
        label = row.group_election.get_stage_display()
        stage_counts[label] = stage_counts.get(label, 0) + 1
    return render(
        request,
        "elections/campaign_detail.html",
        {
            "campaign": campaign,
            "rows": rows,
            "stage_counts": sorted(stage_counts.items()),
            "directives": selectors.directives_for_user(request.user, campaign),
            "overdue_groups": sum(1 for r in rows if r.overdue),
            "may_manage": can(request.user, Action.MANAGE_CAMPAIGN),
            "today": selectors.today(),
        },
    )


@require_http_methods(["GET", "POST"])
def campaign_create(request):
    require(request.user, Action.MANAGE_CAMPAIGN)
    ward = visible_wards(request.user).filter(pk=request.user.ward_id).first()
    if ward is None:
        messages.error(request, _("Your account has no ward: a campaign belongs to a ward."))
        return redirect("elections:campaign_list")
    form = CampaignForm(request.POST or None, initial={"is_current": True})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, ward=ward, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(
                request,
                _("Campaign %(label)s created with %(count)s group elections.")
                % {"label": campaign.label, "count": campaign.group_elections.count()},
            )
            return redirect("elections:campaign_detail", pk=campaign.pk)
    return render(request, "elections/campaign_form.html", {"form": form, "ward": ward})


@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    require(request.user, Action.MANAGE_CAMPAIGN)
    campaign = selectors.campaign_for_user_or_404(request.user, pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(campaign=campaign, actor=request.user, data=form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("elections:campaign_detail", pk=campaign.pk)
    return render(request, "elections/campaign_form.html", {"form": form, "campaign": campaign, "ward": campaign.ward})


def profile_list(request):
    require(request.user, Action.VIEW_WARD)
    return render(
        request,
        "elections/profile_list.html",
        {
            "profiles": selectors.legal_profiles(),
            "may_manage": can(request.user, Action.MANAGE_CAMPAIGN),
            "editable_ids": set(selectors.editable_legal_profiles(request.user).values_list("pk", flat=True)),
        },
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request, pk: int):
    require(request.user, Action.MANAGE_CAMPAIGN)
    profile = get_object_or_404(selectors.editable_legal_profiles(request.user), pk=pk)
    form = LegalProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.legal_profile_update(profile=profile, actor=request.user, data=form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Legal profile saved."))
            return redirect("elections:profile_list")
    return render(request, "elections/profile_form.html", {"form": form, "profile": profile})
