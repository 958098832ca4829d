"""Pages of the term reports: the ward's compilation, one group's report, its workflow buttons, its PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import Action, can, require
from config.errors import DomainError, report_error
from elections.termreports import papers, selectors, services
from elections.termreports.forms import CommentForm, OverrideForm, ReturnForm, TermReportForm
from elections.termreports.models import RESULT_AREAS
from papers.pdf import pdf_response


def _require_reader(user) -> None:
    if not selectors.can_read_term_reports(user):
        raise PermissionDenied(_("You are not allowed to do this."))


def _campaign_or_404(user):
    campaign = selectors.current_campaign(user)
    if campaign is None:
        raise Http404(_("There is no current election campaign."))
    return campaign


def _detail_url(group_election) -> str:
    return reverse("termreports:detail", args=[group_election.pk])


def compilation(request):
    """Every visible group's report: the ward's compilation for ward staff and the Party committee,
    the cell's groups for a cell secretary."""
    _require_reader(request.user)
    campaign = _campaign_or_404(request.user)
    data = selectors.ward_compilation(user=request.user, campaign=campaign)
    return render(
        request,
        "termreports/compilation.html",
        {"compilation": data, "campaign": campaign, "can_print": can(request.user, Action.VIEW_DASHBOARD)},
    )


def compilation_pdf(request):
    require(request.user, Action.VIEW_DASHBOARD)
    campaign = _campaign_or_404(request.user)
    data = selectors.ward_compilation(user=request.user, campaign=campaign)
    pdf = papers.compilation_pdf(data, compiled_by=request.user)
    return pdf_response(pdf, f"Tổng hợp báo cáo tổng kết nhiệm kỳ {campaign.previous_term_label}.pdf", attachment=False)


def detail(request, pk: int):
    _require_reader(request.user)
    group_election = selectors.group_election_for_user_or_404(request.user, pk)
    report = selectors.report_of(group_election)
    context = {
        "group_election": group_election,
        "group": group_election.group,
        "campaign": group_election.campaign,
        "report": report,
        "figures": selectors.report_figures(report=report, group_election=group_election),
        "perms": selectors.report_permissions(user=request.user, group_election=group_election, report=report),
        "blocker": selectors.conference_opening_blocker(group_election),
        "comment_form": CommentForm(),
        "return_form": ReturnForm(auto_id="id_return_%s"),  # its own ids: the comment form sits beside it
        "override_form": OverrideForm(),
    }
    if report is not None:
        context.update(
            steps=selectors.report_steps(report),
            last_return=selectors.last_return(report),
            areas=[(report._meta.get_field(name).verbose_name, getattr(report, name)) for name in RESULT_AREAS],
        )
    return render(request, "termreports/detail.html", context)


def edit(request, pk: int):
    """Write or change the draft. "Save and submit" saves, then submits in the same request."""
    group_election = selectors.group_election_for_user_or_404(request.user, pk)
    require(request.user, Action.WRITE_TERM_REPORT, group_election.group)
    report = selectors.report_of(group_election)
    if report is not None and not report.is_editable:
        messages.error(
            request,
            _("The report is “%(status)s”: it can be changed only as a draft, after it is returned.")
            % {"status": report.get_status_display()},
        )
        return redirect(_detail_url(group_election))
    leader = selectors.outgoing_leader_term(group_election=group_election)
    snapshot = selectors.previous_term_snapshot(group_election=group_election)
    form_kwargs = {"instance": report, "leader_known": leader is not None, "start_from_snapshot": snapshot is not None}
    if request.method == "POST":
        form = TermReportForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                saved = services.term_report_save(
                    group_election=group_election, actor=request.user, data=form.cleaned_data
                )
            except DomainError as exc:
                report_error(request, exc, form)
            else:
                if "submit" not in request.POST:
                    messages.success(request, _("The draft was saved."))
                    return redirect(_detail_url(group_election))
                try:
                    services.term_report_submit(report=saved, actor=request.user)
                except DomainError as exc:
                    # The draft is kept; each empty section is marked where it is, on the form as typed.
                    messages.warning(request, _("The draft was saved but not submitted:"))
                    report = saved
                    missing = [name for name in services.missing_for_submission(saved) if name in form.fields]
                    if missing:
                        form.add_error(
                            None,
                            ngettext(
                                "%(count)s section is still empty; it is marked below.",
                                "%(count)s sections are still empty; they are marked below.",
                                len(missing),
                            )
                            % {"count": len(missing)},
                        )
                        for name in missing:
                            form.add_error(name, _("To be written before the report is submitted."))
                    else:
                        report_error(request, exc, form)
                else:
                    messages.success(request, _("The report was submitted to the cell secretary for review."))
                    return redirect(_detail_url(group_election))
    else:
        initial = {}
        if report is None:
            initial["report_date"] = services.default_report_date(group_election)
        form = TermReportForm(initial=initial, **form_kwargs)
    if form.is_bound:
        form.mark_errors()
    return render(
        request,
        "termreports/edit.html",
        {
            "group_election": group_election,
            "group": group_election.group,
            "campaign": group_election.campaign,
            "report": report,
            "form": form,
            "area_fields": [form[name] for name in RESULT_AREAS],
            "start_fields": [form[name] for name in services.START_FIELDS if name in form.fields],
            "leader": leader,
            "figures": selectors.report_figures(report=report, group_election=group_election),
            "last_return": selectors.last_return(report) if report else None,
        },
    )


def _workflow_action(request, pk: int, run) -> object:
    group_election = selectors.group_election_for_user_or_404(request.user, pk)
    report = selectors.report_of(group_election)
    if report is None:
        raise Http404(_("Not found."))
    try:
        message = run(report, group_election)
    except DomainError as exc:
        report_error(request, exc)
    else:
        messages.success(request, message)
    return redirect(_detail_url(group_election))


def _require_any(user, group, *actions) -> None:
    if not any(can(user, action, group) for action in actions):
        raise PermissionDenied(_("You are not allowed to do this."))


@require_POST
def submit(request, pk: int):
    def run(report, group_election):
        require(request.user, Action.WRITE_TERM_REPORT, group_election.group)
        services.term_report_submit(report=report, actor=request.user)
        return _("The report was submitted to the cell secretary for review.")

    return _workflow_action(request, pk, run)


@require_POST
def review(request, pk: int):
    def run(report, group_election):
        require(request.user, Action.REVIEW_TERM_REPORT, group_election.group)
        form = CommentForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        services.term_report_review(report=report, actor=request.user, comment=comment)
        return _("The report was marked as reviewed and sent to the ward official in charge.")

    return _workflow_action(request, pk, run)


@require_POST
def accept(request, pk: int):
    def run(report, group_election):
        require(request.user, Action.ACCEPT_TERM_REPORT, group_election.group)
        form = CommentForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        services.term_report_accept(report=report, actor=request.user, comment=comment)
        return _("The report was accepted: the group's conference may be opened.")

    return _workflow_action(request, pk, run)


@require_POST
def send_back(request, pk: int):
    def run(report, group_election):
        _require_any(request.user, group_election.group, Action.REVIEW_TERM_REPORT, Action.ACCEPT_TERM_REPORT)
        services.term_report_return(report=report, actor=request.user, comment=request.POST.get("comment", ""))
        return _("The report was returned to draft with your comment.")

    return _workflow_action(request, pk, run)


def override(request, pk: int):
    """Record (POST) the reason to let the conference open without an accepted report."""
    group_election = selectors.group_election_for_user_or_404(request.user, pk)
    require(request.user, Action.OVERRIDE_TERM_REPORT, group_election.group)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_report_override_record(
                group_election=group_election, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            report_error(request, exc, form)
        else:
            messages.success(request, _("The override was recorded: the conference may open without the report."))
            return redirect(_detail_url(group_election))
    return render(
        request,
        "termreports/override.html",
        {"group_election": group_election, "group": group_election.group, "form": form},
    )


@require_POST
def override_withdraw(request, pk: int):
    group_election = selectors.group_election_for_user_or_404(request.user, pk)
    require(request.user, Action.OVERRIDE_TERM_REPORT, group_election.group)
    try:
        services.term_report_override_withdraw(group_election=group_election, actor=request.user)
    except DomainError as exc:
        report_error(request, exc)
    else:
        messages.success(request, _("The override was withdrawn: the conference waits for the accepted report."))
    return redirect(_detail_url(group_election))


def report_pdf(request, pk: int):
    _require_reader(request.user)
    group_election = selectors.group_election_for_user_or_404(request.user, pk)
    report = selectors.report_of(group_election)
    if report is None:
        raise Http404(_("Not found."))
    pdf = papers.term_report_pdf(report)
    filename = f"Báo cáo tổng kết nhiệm kỳ {report.term_label} - {group_election.group.name}.pdf"
    return pdf_response(pdf, filename, attachment=False)
