"""Pages of the candidates app. Each view scopes the object to the user (404 otherwise), checks the
action (403), calls one service or selector and renders; services explain refusals."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.access import Action, can, require, scoped_or_404
from audit.events import Event
from audit.models import AuditEntry
from config.errors import DomainError, report_error
from elections.candidates import papers, selectors, services
from elections.candidates.eligibility import register_checks
from elections.candidates.forms import (
    BallotForm,
    ConsultationForm,
    ListChangeForm,
    NominationForm,
    ReasonForm,
    VettingForm,
)
from elections.candidates.models import Candidate, ConsultationMeeting, Criterion
from papers.pdf import pdf_response

# The candidate page's history in its own short words (the timeline's labels are audit/events.py's).
EVENT_LABELS = {
    Event.CANDIDATE_NOMINATED: gettext_lazy("Nominated"),
    Event.CANDIDATE_REVIEW_STARTED: gettext_lazy("Taken under review"),
    Event.CANDIDATE_CRITERION_ATTESTED: gettext_lazy("Criterion attested"),
    Event.CANDIDATE_APPROVED: gettext_lazy("Approved"),
    Event.CANDIDATE_REJECTED: gettext_lazy("Rejected"),
    Event.CANDIDATE_WITHDRAWN: gettext_lazy("Withdrawn"),
    Event.CANDIDATE_LIST_CHANGED_AFTER_POSTING: gettext_lazy("Posted list changed"),
}


# ----------------------------------------------------------------------------------- pages


def overview(request):
    """Every group's candidate list the user may see, and which would keep a non-member leader."""
    campaign = selectors.current_campaign(request.user)
    rows = selectors.ward_overview(request.user, campaign) if campaign else []
    context = {
        "campaign": campaign,
        "rows": rows,
        "non_member_rows": [r for r in rows if r.keeps_non_member_leader],
        "without_member": [r for r in rows if not r.approved and not r.has_party_member],
    }
    return render(request, "candidates/overview.html", context)


def group_page(request, pk):
    election = selectors.group_election_for_user_or_404(request.user, pk)
    group = election.group
    summary = selectors.group_summary(election)
    context = {
        "group_election": election,
        "group": group,
        "summary": summary,
        "consultations": ConsultationMeeting.objects.filter(group_election=election).select_related("recorded_by"),
        "list_problems": selectors.list_problems(election),
        "complaints": selectors.visible_complaints(request.user).filter(candidate__group_election=election),
        "can_nominate": can(request.user, Action.NOMINATE, group),
        "can_receive": can(request.user, Action.RECEIVE_COMPLAINT, group),
        "can_print": can(request.user, Action.PRINT_PAPERS, group),
        "editable": election.stage in services.EDITABLE_STAGES,
    }
    return render(request, "candidates/group.html", context)


def consultation_new(request, pk):
    election = selectors.group_election_for_user_or_404(request.user, pk)
    require(request.user, Action.NOMINATE, election.group)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_record(group_election=election, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("The consultation meeting was recorded."))
            return redirect("candidates:group", pk=election.pk)
    return render(
        request,
        "candidates/form.html",
        {"form": form, "group_election": election, "title": _("Consultation meeting with the cell committee")},
    )


def nominate(request, pk):
    election = selectors.group_election_for_user_or_404(request.user, pk)
    require(request.user, Action.NOMINATE, election.group)
    if election.stage not in services.EDITABLE_STAGES:
        messages.error(
            request,
            _("%(group)s is at the stage “%(stage)s”: its candidates can no longer be changed.")
            % {"group": election.group.name, "stage": election.get_stage_display()},
        )
        return redirect("candidates:group", pk=election.pk)
    form = NominationForm(request.POST or None, group_election=election, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = services.candidate_nominate(
                group_election=election,
                resident=data["resident"],
                source=data["source"],
                consultation=data["consultation"],
                note=data["note"],
                actor=request.user,
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("%(name)s was nominated.") % {"name": candidate.resident.full_name})
            return redirect("candidates:group", pk=election.pk)
    return render(request, "candidates/nominate.html", {"form": form, "group_election": election})


def candidate_detail(request, pk):
    candidate = selectors.candidate_for_user_or_404(request.user, pk)
    return render(request, "candidates/candidate_detail.html", _detail_context(request, candidate))


def _detail_context(request, candidate, *, vetting_form=None) -> dict:
    election = candidate.group_election
    group = election.group
    profile = election.campaign.legal_profile
    history = []
    if can(request.user, Action.VIEW_AUDIT, group):
        history = list(
            AuditEntry.objects.filter(object_type="candidates.candidate", object_id=str(candidate.pk)).select_related(
                "actor"
            )
        )
        criteria = dict(Criterion.choices)
        for entry in history:
            entry.label = EVENT_LABELS.get(entry.event, entry.event)
            if entry.event == Event.CANDIDATE_CRITERION_ATTESTED and entry.after:
                entry.label = f"{entry.label}: {criteria.get(entry.after.get('criterion'), '')}"
    attestations = selectors.attestation_rows(candidate)
    return {
        "candidate": candidate,
        "group_election": election,
        "group": group,
        "checks": register_checks(
            resident=candidate.resident,
            group=group,
            election_day=election.campaign.election_day,
            min_age=profile.min_candidate_age,
        ),
        "attestations": attestations,
        "approval_problems": services.approval_problems(candidate)
        if candidate.status == Candidate.Status.UNDER_REVIEW
        else [],
        "open_complaints": services.open_complaints(candidate).count(),
        "complaints": selectors.visible_complaints(request.user).filter(candidate=candidate),
        "frozen": services.is_frozen(election),
        "editable": election.stage in services.EDITABLE_STAGES,
        "vetting_form": vetting_form or VettingForm(attestations=attestations),
        "reason_form": ReasonForm(),
        "change_form": ListChangeForm(),
        "can_vet": can(request.user, Action.VET_CANDIDATE, group),
        "can_approve": can(request.user, Action.APPROVE_CANDIDATES, group),
        "can_withdraw": can(request.user, Action.NOMINATE, group)
        or can(request.user, Action.APPROVE_CANDIDATES, group),
        "history": history,
    }


@require_POST
def candidate_attest(request, pk):
    """Every standard from one screen; a refusal shows the screen again with what was typed."""
    candidate = selectors.candidate_for_user_or_404(request.user, pk)
    require(request.user, Action.VET_CANDIDATE, candidate.group_election.group)
    form = VettingForm(request.POST, attestations=selectors.attestation_rows(candidate))
    if form.is_valid():
        try:
            attested = services.candidate_attest_all(
                candidate=candidate,
                entries=form.entries(),
                actor=request.user,
                official_name=form.cleaned_data["official_name"],
                official_position=form.cleaned_data["official_position"],
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            if attested:
                messages.success(request, _("Standards attested: %(count)s.") % {"count": len(attested)})
            else:
                messages.info(request, _("Nothing changed: the assessments are as recorded."))
            return redirect("candidates:candidate", pk=candidate.pk)
    context = _detail_context(request, candidate, vetting_form=form)
    return render(request, "candidates/candidate_detail.html", context, status=400)


@require_POST
def candidate_status(request, pk, step):
    """One status step: review, approve, reject (reason), withdraw (reason)."""
    candidate = selectors.candidate_for_user_or_404(request.user, pk)
    group = candidate.group_election.group
    steps = {
        "review": (Action.VET_CANDIDATE, services.candidate_start_review, False),
        "approve": (Action.APPROVE_CANDIDATES, services.candidate_approve, False),
        "reject": (Action.APPROVE_CANDIDATES, services.candidate_reject, True),
        "withdraw": (None, services.candidate_withdraw, True),
    }
    if step not in steps:
        raise Http404(_("Not found."))
    action, service, needs_reason = steps[step]
    if action is not None:
        require(request.user, action, group)
    elif not can(request.user, Action.NOMINATE, group):
        require(request.user, Action.APPROVE_CANDIDATES, group)
    kwargs = {"candidate": candidate, "actor": request.user}
    if needs_reason:
        kwargs["reason"] = request.POST.get("reason", "")
    try:
        updated = service(**kwargs)
    except DomainError as error:
        report_error(request, error)
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s.") % {"name": updated.resident.full_name, "status": updated.get_status_display()},
        )
    return redirect("candidates:candidate", pk=candidate.pk)


@require_POST
def candidate_list_change(request, pk):
    candidate = selectors.candidate_for_user_or_404(request.user, pk)
    require(request.user, Action.APPROVE_CANDIDATES, candidate.group_election.group)
    form = ListChangeForm(request.POST)
    if form.is_valid():
        try:
            services.candidate_list_change_after_posting(candidate=candidate, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error)
        else:
            messages.success(request, _("The posted list was changed; the change and its reason are in the log."))
    else:
        messages.error(request, _("Choose the change and give the reason."))
    return redirect("candidates:candidate", pk=candidate.pk)


# ----------------------------------------------------------------------------------- papers


def candidate_list_paper(request, pk):
    election = selectors.group_election_for_user_or_404(request.user, pk)
    require(request.user, Action.PRINT_PAPERS, election.group)
    try:
        pdf = papers.candidate_list_pdf(election)
    except DomainError as error:
        report_error(request, error)
        return redirect("candidates:group", pk=election.pk)
    return pdf_response(pdf, f"Danh sách người ứng cử {election.group.name}.pdf")


@require_GET
def consultation_minutes_paper(request, pk):
    """BIÊN BẢN of a recorded consultation meeting (the candidate-list agreement with the cell committee)."""
    queryset = ConsultationMeeting.objects.select_related(
        "group_election__group__ward", "group_election__group__party_cell", "group_election__campaign__legal_profile"
    )
    meeting = scoped_or_404(request.user, queryset, pk, group_path="group_election__group")
    require(request.user, Action.PRINT_PAPERS, meeting.group_election.group)
    pdf = papers.consultation_minutes_pdf(meeting)
    group = meeting.group_election.group
    return pdf_response(pdf, f"Biên bản hiệp thương {group.name} {meeting.held_on:%d-%m-%Y}.pdf", attachment=False)


def ballots(request, pk):
    election = selectors.group_election_for_user_or_404(request.user, pk)
    require(request.user, Action.PRINT_BALLOTS, election.group)
    default = selectors.default_ballot_copies(election)
    form = BallotForm(request.GET if "copies" in request.GET else None, initial={"copies": default})
    if form.is_bound and form.is_valid():
        try:
            pdf = papers.ballot_pdf(election, form.cleaned_data["copies"])
        except DomainError as error:
            report_error(request, error, form)
        else:
            return pdf_response(pdf, f"Phiếu bầu {election.group.name}.pdf")
    on_ballot = selectors.ballot_candidates(election)
    context = {
        "form": form,
        "group_election": election,
        "electorate": selectors.electorate_size(election),
        "default_copies": default,
        "candidates": on_ballot,
        "per_page": papers.ballots_per_page(len(on_ballot)),
    }
    return render(request, "candidates/ballots.html", context)
