from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import Action, area_groups, can, require
from config.errors import DomainError, report_error
from elections import selectors, services
from elections.forms import DifficultyReportForm, DifficultyResponseForm
from elections.models import DifficultyReport


def difficulty_list(request):
    if not selectors.may_see_difficulties(request.user):
        raise PermissionDenied(_("You are not allowed to do this."))
    status = request.GET.get("status", "")
    if status not in DifficultyReport.Status.values:
        status = ""
    return render(
        request,
        "elections/difficulty_list.html",
        {
            "reports": selectors.difficulties_for_user(request.user, status=status),
            "status": status,
            "statuses": DifficultyReport.Status.choices,
            "may_report": can(request.user, Action.REPORT_DIFFICULTY),
        },
    )


@require_http_methods(["GET", "POST"])
def difficulty_create(request):
    require(request.user, Action.REPORT_DIFFICULTY)
    campaign = selectors.current_campaign(request.user)
    if campaign is None:
        messages.error(request, _("There is no current campaign in your ward."))
        return redirect("elections:difficulty_list")
    groups = area_groups(request.user).filter(ward_id=campaign.ward_id).order_by("code")
    initial = {}
    if request.GET.get("group"):
        initial["group"] = groups.filter(pk=request.GET["group"]).first()
    form = DifficultyReportForm(request.POST or None, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.difficulty_report_create(actor=request.user, campaign=campaign, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Difficulty reported to the Party committee."))
            return redirect("elections:difficulty_detail", pk=report.pk)
    return render(request, "elections/difficulty_form.html", {"form": form, "campaign": campaign})


@require_http_methods(["GET", "POST"])
def difficulty_detail(request, pk: int):
    report = selectors.difficulty_for_user_or_404(request.user, pk)
    may_respond = can(request.user, Action.RESPOND_DIFFICULTY, report.group)
    form = DifficultyResponseForm(request.POST or None, initial={"status": report.status}) if may_respond else None
    if request.method == "POST":
        require(request.user, Action.RESPOND_DIFFICULTY, report.group)
        if form.is_valid():
            try:
                services.difficulty_respond(report=report, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                report_error(request, error, form)
            else:
                messages.success(request, _("Response recorded."))
                return redirect("elections:difficulty_detail", pk=report.pk)
    ge = report.campaign.group_elections.filter(group=report.group).first()
    return render(
        request,
        "elections/difficulty_detail.html",
        {"report": report, "form": form, "may_respond": may_respond, "group_election": ge},
    )
