"""The result by law, the seal, corrections of a sealed count, the re-vote and the count record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import Action, can, require_at_sitting
from config.confirm import confirmed, editing, form_summary
from config.errors import DomainError
from elections.conference.models import Conference
from elections.count.forms import CorrectionForm, RevoteForm, SealForm
from elections.count.models import CountOutcome
from elections.count.papers import count_record_pdf as render_count_record
from elections.count.selectors import (
    conference_for_user_or_404,
    count_of,
    decision_of,
    invalid_rows,
    recognition_deadline,
    results_overview,
    revote_deadline_for,
    vote_rows,
)
from elections.count.services.figures import CountData, field_label
from elections.count.services.result import count_correct, count_vote_candidates, revote_schedule
from elections.count.services.seal import count_seal, witness_choices
from elections.count.services.tally import may_enter, may_resolve
from elections.models import Stage
from papers.pdf import pdf_response


@require_GET
def results(request):
    """The result of every group the user may see: who is elected, re-votes, decisions."""
    rows = results_overview(request.user)
    return render(request, "count/result_list.html", {"rows": rows})


def _result_context(request, conference: Conference) -> dict:
    group_election = conference.group_election
    count = count_of(conference)
    user = request.user
    group = group_election.group
    context = {
        "conference": conference,
        "group_election": group_election,
        "count": count,
        "sittings": list(group_election.conferences.order_by("sequence")),
        "entries_made": conference.tally_entries.count(),
        "may_enter": may_enter(user, conference),
        "may_resolve": may_resolve(user, conference),
        "can_print": can(user, Action.PRINT_PAPERS, group),
        "can_correct": False,
        "revote_form": None,
        "winning_percent": group_election.campaign.legal_profile.winning_percent,
    }
    if count is None:
        return context
    rows = vote_rows(count)
    by_pk = {row["candidate"].pk: row["candidate"] for row in rows}
    context |= {
        "resolution": [{**r, "label": field_label(r["field"], by_pk)} for r in count.resolution],
        "rows": rows,
        "best": max(rows, key=lambda r: r["votes"]) if rows else None,
        "invalid_rows": invalid_rows(count),
        "corrigenda": list(count.corrigenda.select_related("corrected_by")),
        "can_correct": count.is_sealed and can(user, Action.CORRECT_SEALED_COUNT, group),
        "next_sitting": getattr(conference, "next_sitting", None),
    }
    if count.is_sealed and count.outcome == CountOutcome.ELECTED:
        deadline = recognition_deadline(count)
        decision = decision_of(group_election)
        context |= {
            "deadline": deadline,
            "overdue": decision is None and timezone.localdate() > deadline,
            "decision": decision,
            "can_decide": decision is None
            and group_election.stage == Stage.ELECTED
            and can(user, Action.SIGN_DECISION, group),
        }
    if count.is_sealed and count.outcome != CountOutcome.ELECTED:
        context["revote_deadline"] = revote_deadline_for(conference)
        if group_election.stage == Stage.NO_WINNER and can(user, Action.ADVANCE_STAGE, group):
            context["revote_form"] = RevoteForm(initial={"venue": conference.venue})
    return context


def _conference_or_404(request, pk: int) -> Conference:
    return conference_for_user_or_404(request.user, pk)


@require_GET
def result(request, pk: int):
    conference = _conference_or_404(request, pk)
    return render(request, "count/result.html", _result_context(request, conference))


@require_http_methods(["GET", "POST"])
def seal(request, pk: int):
    """The head of the count board confirms: witnesses, time the count ended, complaints; then seal."""
    conference = _conference_or_404(request, pk)
    require_at_sitting(request.user, Action.RESOLVE_COUNT, conference)
    count = count_of(conference)
    if count is None or count.is_sealed:
        return redirect("count:result", pk=conference.pk)
    initial = {"count_ended_at": timezone.localtime().replace(second=0, microsecond=0)}
    form = SealForm(request.POST or None, electors=witness_choices(conference), initial=initial)
    context = _result_context(request, conference)
    if request.method == "POST" and form.is_valid() and confirmed(request):
        try:
            count_seal(conference=conference, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_problems(error)
        else:
            messages.success(request, _("The count and its result are sealed."))
            return redirect("count:result", pk=conference.pk)
    elif request.method == "POST" and form.is_valid() and not editing(request):
        # Irreversible: the summary first; nothing is sealed without the confirmation.
        context.update(
            summary=[(_("Result"), count.get_outcome_display()), *form_summary(form)],
            confirm_title=_("Seal the count and the result?"),
            confirm_button=_("Confirm: seal"),
            consequence=_(
                "Once sealed, the count and the result change only through a correction by a ward official, "
                "kept beside the original."
            ),
        )
    context["form"] = form
    return render(request, "count/result_seal.html", context)


@require_http_methods(["GET", "POST"])
def correct(request, pk: int):
    """A ward official corrects a sealed count with a reason; the original is kept (corrigendum)."""
    conference = _conference_or_404(request, pk)
    group = conference.group_election.group
    if not can(request.user, Action.CORRECT_SEALED_COUNT, group):
        raise PermissionDenied(_("Only a ward official can correct a sealed count."))
    count = count_of(conference)
    if count is None or not count.is_sealed:
        messages.info(request, _("Only a sealed count is corrected this way."))
        return redirect("count:result", pk=conference.pk)
    form = CorrectionForm(
        request.POST or None,
        conference=conference,
        candidates=count_vote_candidates(count),
        initial_data=CountData.of(count),
        present=count.present,
    )
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        try:
            count_correct(
                conference=conference,
                actor=request.user,
                data=data,
                present=form.cleaned_data["present"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_problems(error)
        else:
            messages.success(request, _("The correction is recorded; the original figures are kept."))
            return redirect("count:result", pk=conference.pk)
    context = _result_context(request, conference)
    context["form"] = form
    return render(request, "count/result_correct.html", context)


@require_http_methods(["POST"])
def revote(request, pk: int):
    conference = _conference_or_404(request, pk)
    if not can(request.user, Action.ADVANCE_STAGE, conference.group_election.group):
        raise PermissionDenied(_("Only a ward official can schedule a re-vote."))
    form = RevoteForm(request.POST)
    if form.is_valid():
        try:
            new = revote_schedule(conference=conference, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_problems(error)
        else:
            messages.success(
                request,
                _("The re-vote is scheduled for %(date)s.")
                % {"date": timezone.localtime(new.scheduled_at).strftime("%d/%m/%Y %H:%M")},
            )
            return redirect("conference:detail", pk=new.pk)
    context = _result_context(request, conference)
    context["revote_form"] = form
    return render(request, "count/result.html", context, status=200)


@require_GET
def count_record_pdf(request, pk: int):
    conference = _conference_or_404(request, pk)
    if not can(request.user, Action.PRINT_PAPERS, conference.group_election.group):
        raise PermissionDenied(_("You are not allowed to do this."))
    if count_of(conference) is None:
        messages.info(request, _("The count record is printed once the count is accepted."))
        return redirect("count:result", pk=conference.pk)
    group = conference.group_election.group
    filename = f"Biên bản kiểm phiếu {group.name} lần {conference.sequence}.pdf"
    return pdf_response(render_count_record(conference), filename, attachment=False)
