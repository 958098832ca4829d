"""Dashboard, group table, ward summary report (PDF, CSV, XLSX) and batch printing. Thin views."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import Action, can, require, visible_cells, visible_groups, visible_wards
from accounts.models import Role
from config.errors import DomainError, report_error
from config.forms import BootstrapFormMixin
from elections.models import Campaign
from papers.kinds import available_kinds, refused_kinds
from papers.models import PrintJob
from papers.pdf import content_disposition, pdf_response, render_pdf
from papers.selectors import worker_state
from papers.services import MAX_COPIES, print_job_request, print_job_restart
from reports import exports
from reports.selectors.dashboard import (
    FILTERS,
    NoCampaign,
    apply_filters,
    cell_suggestions,
    dashboard_scope,
    scope_rows,
    ward_dashboard,
)
from reports.selectors.home import home_for
from reports.selectors.summary import report_signer, summary_report

GROUPS_PER_PAGE = 100


@require_GET
def home(request):
    """Each person lands on what they must do now, each item linked to the page that does it."""
    user = request.user
    if user.role == Role.ADMIN and not user.ward_id:
        return redirect("admin:index")
    if can(user, Action.MANAGE_CAMPAIGN) and not Campaign.objects.filter(ward__in=visible_wards(user)).exists():
        # A new ward: its first task is to set up the campaign.
        messages.info(request, _("No election campaign has been set up for your ward."))
        return redirect("elections:campaign_list")
    return render(request, "reports/home.html", {"home": home_for(user)})


@require_GET
def dashboard(request):
    require(request.user, Action.VIEW_DASHBOARD)
    try:
        data = ward_dashboard(request.user, request.GET)
    except NoCampaign as refusal:
        # A new ward lands here after logging in: send it where the first campaign is set up, not to a 404.
        messages.info(request, str(refusal))
        return redirect("elections:campaign_list")
    return render(
        request,
        "reports/dashboard.html",
        {
            "d": data,
            "scope": data.scope,
            "campaign": data.scope.campaign,
            "q": data.scope.query(),
            "q_nocell": _without_cell(data.scope),
            "charts": data.goals.chart_data() | {"stages": _stage_chart(data.summary)},
        },
    )


def _without_cell(scope) -> str:
    return replace(scope, cell_id=None).query()


@require_GET
def cell_picker(request):
    """The Party-cell picker's suggestions (htmx): links to the page it sits on, with that cell chosen."""
    require(request.user, Action.VIEW_DASHBOARD)
    target = urlsplit(request.headers.get("HX-Current-URL", ""))
    pages = {reverse("reports:dashboard"), reverse("reports:groups"), reverse("reports:summary")}
    path = target.path if target.path in pages else reverse("reports:dashboard")
    query = QueryDict(target.query if target.path in pages else "", mutable=True)
    for name in ("cell", "cell_q", "page"):
        query.pop(name, None)
    query["campaign"] = query.get("campaign") or request.GET.get("campaign", "")
    links = []
    for cell in cell_suggestions(request.user, request.GET):
        query["cell"] = cell["pk"]
        links.append((cell["name"], f"{path}?{query.urlencode()}"))
    return render(request, "reports/_cell_suggestions.html", {"links": links})


def _stage_chart(summary) -> dict:
    stages = [(label, n) for _value, label, n in summary.stages]
    return {"labels": [label for label, _n in stages], "counts": [n for _label, n in stages]}


@require_GET
def group_table(request):
    """The groups behind a number of the dashboard: the scope plus filters such as ?stage=overdue."""
    require(request.user, Action.VIEW_DASHBOARD)
    scope = dashboard_scope(request.user, request.GET)
    rows, applied = apply_filters(scope_rows(request.user, scope), request.GET)
    page = Paginator(rows, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/group_table.html",
        {
            "scope": scope,
            "campaign": scope.campaign,
            "q": scope.query(),
            "keep": [(name, request.GET[name]) for name in FILTERS if request.GET.get(name)],
            "page": page,
            "count": len(rows),
            "applied": applied,
            "filters": FILTERS,
            "query": query.urlencode(),
        },
    )


# ------------------------------------------------------------------ summary report


@require_GET
def summary(request):
    require(request.user, Action.VIEW_DASHBOARD)
    report = summary_report(request.user, request.GET)
    return render(request, "reports/summary.html", {"report": report, "scope": report.scope})


def _summary_filename(report, ext: str) -> str:
    return f"Báo cáo kết quả bầu tổ trưởng nhiệm kỳ {report.scope.campaign.label}.{ext}"


@require_GET
def summary_pdf(request):
    require(request.user, Action.VIEW_DASHBOARD)
    # A Vietnamese administrative document whatever the interface language.
    with translation.override("vi"):
        report = summary_report(request.user, request.GET)
        campaign = report.scope.campaign
        ward = campaign.ward
        context = {
            "report": report,
            "campaign": campaign,
            "ward": ward,
            "directive": report.directive,
            "place": ward.name,
            "doc_date": report.issued_on,
            "signer_name": report_signer(report),
            "pdf_title": f"Báo cáo kết quả bầu tổ trưởng tổ dân phố nhiệm kỳ {campaign.label}",
        }
        pdf = render_pdf(template_name="reports/papers/summary_report.html", context=context, request=request)
    return pdf_response(pdf, _summary_filename(report, "pdf"))


@require_GET
def summary_csv(request):
    require(request.user, Action.VIEW_DASHBOARD)
    report = summary_report(request.user, request.GET)
    response = HttpResponse(exports.summary_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition(_summary_filename(report, "csv"))
    return response


@require_GET
def summary_xlsx(request):
    require(request.user, Action.VIEW_DASHBOARD)
    report = summary_report(request.user, request.GET)
    response = HttpResponse(
        exports.summary_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition(_summary_filename(report, "xlsx"))
    return response


# ---------------------------------------------------------------------- batch printing


class PrintJobForm(BootstrapFormMixin, forms.Form):
    kind = forms.MultipleChoiceField(
        label=gettext_lazy("Papers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("One PDF with a bookmark per group and per paper, each group starting on a new sheet."),
    )
    all_kinds = forms.BooleanField(label=gettext_lazy("Every paper of the procedure"), required=False)
    party_cell = forms.TypedChoiceField(label=gettext_lazy("Groups"), coerce=int, required=False, empty_value=None)
    group = forms.TypedChoiceField(
        label=gettext_lazy("Or one group only"), coerce=int, required=False, empty_value=None
    )
    copies = forms.IntegerField(
        label=gettext_lazy("Ballots per group"),
        required=False,
        min_value=1,
        max_value=MAX_COPIES,
        help_text=gettext_lazy("Ballot papers only. Empty: one per voter on the group's list."),
    )

    def __init__(self, *args, cells, user, groups=(), **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.label) for k in available_kinds(user)]
        self.fields["party_cell"].choices = [("", _("Every group of the ward"))] + [(c.pk, c.name) for c in cells]
        self.fields["group"].choices = [("", "—")] + [(ge.pk, ge.group.name) for ge in groups]

    def clean(self):
        data = super().clean()
        if data.get("all_kinds"):
            data["kind"] = [k.code for k in available_kinds(self.user)]
        elif not data.get("kind"):
            self.add_error("kind", _("Choose at least one kind of paper, or every paper."))
        return data


def _print_campaign(user):
    campaign = Campaign.objects.filter(ward__in=visible_wards(user), is_current=True).select_related("ward").first()
    if campaign is None:
        raise Http404(_("No election campaign has been set up for your ward."))
    return campaign


def _visible_jobs(user):
    """Jobs a user may follow and download: batch printers see the jobs of their own ward(s)."""
    require(user, Action.BATCH_PRINT)
    jobs = PrintJob.objects.filter(campaign__ward__in=visible_wards(user)).select_related(
        "requested_by", "campaign", "party_cell"
    )
    # A job's file goes only to those who may print its kind of paper (one group's or a batch alike).
    jobs = jobs.exclude(kind__in=refused_kinds(user))
    if not can(user, Action.VIEW_PERSONAL_DATA):
        # A job printed with full birth dates stays with those allowed to see personal data.
        jobs = jobs.filter(Q(options__full_birth_dates=False) | ~Q(options__has_key="full_birth_dates"))
    return jobs


@require_http_methods(["GET", "POST"])
def print_jobs(request):
    user = request.user
    require(user, Action.BATCH_PRINT)
    campaign = _print_campaign(user)
    cells = list(visible_cells(user).filter(ward_id=campaign.ward_id).order_by("name"))
    groups = list(
        campaign.group_elections.filter(group__in=visible_groups(user)).select_related("group").order_by("group__code")
    )
    form = PrintJobForm(request.POST or None, cells=cells, user=user, groups=groups)
    if request.method == "POST" and form.is_valid():
        cell = next((c for c in cells if c.pk == form.cleaned_data["party_cell"]), None)
        group_election = next((ge for ge in groups if ge.pk == form.cleaned_data["group"]), None)
        kinds = form.cleaned_data["kind"]
        try:
            job = print_job_request(
                user=user,
                campaign=campaign,
                kind=kinds[0] if len(kinds) == 1 else "",
                kinds=kinds if len(kinds) > 1 else None,
                copies=form.cleaned_data.get("copies"),
                party_cell=None if group_election else cell,
                group_election=group_election,
            )
        except DomainError as exc:
            report_error(request, exc, form)
        else:
            messages.success(request, _("The job is queued. This page follows its progress."))
            return redirect("reports:print_job", pk=job.pk)
    jobs = _visible_jobs(user).filter(campaign=campaign)[:20]
    return render(
        request,
        "reports/print_jobs.html",
        {"form": form, "jobs": jobs, "campaign": campaign, "worker": worker_state()},
    )


def _job_or_404(user, pk: int) -> PrintJob:
    job = _visible_jobs(user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("No such print job."))
    return job


def _job_context(job: PrintJob) -> dict:
    # The worker's state matters to the reader only while the job waits or runs.
    return {"job": job, "worker": None if job.is_finished else worker_state()}


@require_GET
def print_job(request, pk: int):
    job = _job_or_404(request.user, pk)
    return render(request, "reports/print_job.html", _job_context(job))


@require_GET
def print_job_progress(request, pk: int):
    """The progress fragment, polled by htmx every 2 seconds until the job is finished."""
    job = _job_or_404(request.user, pk)
    return render(request, "reports/_print_job_progress.html", _job_context(job))


@require_POST
def print_job_restart_view(request, pk: int):
    job = _job_or_404(request.user, pk)
    try:
        print_job_restart(user=request.user, job=job)
    except DomainError as exc:
        report_error(request, exc)
    else:
        messages.success(request, _("The job is queued again. This page follows its progress."))
    return redirect("reports:print_job", pk=job.pk)


@require_GET
def print_job_download(request, pk: int):
    job = _job_or_404(request.user, pk)
    if job.status != PrintJob.Status.DONE or not job.file:
        raise Http404(_("The file is not ready."))
    filename = f"{job.kind_label} - {job.campaign.label}.pdf"
    response = FileResponse(job.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    return response
