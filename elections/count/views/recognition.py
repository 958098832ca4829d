"""The recognition decision: issued by the ward chairman, printed for everyone who may print papers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import Action, can
from config.confirm import confirmed, editing, form_summary
from config.errors import DomainError
from elections.count.forms import DecisionForm
from elections.count.papers import recognition_decision_pdf
from elections.count.selectors import decision_of, group_election_for_user_or_404, recognition_deadline, vote_rows
from elections.count.services.recognition import (
    DEFAULT_RECIPIENTS,
    deciding_count,
    decision_issue,
    default_proposer,
    next_decision_number,
)
from papers.pdf import pdf_response


@require_http_methods(["GET", "POST"])
def decision_create(request, ge_pk: int):
    group_election = group_election_for_user_or_404(request.user, ge_pk)
    if not can(request.user, Action.SIGN_DECISION, group_election.group):
        raise PermissionDenied(_("Only the ward chairman can issue the recognition decision."))
    existing = decision_of(group_election)
    if existing is not None:
        return redirect("count:result", pk=existing.conference_id)
    count = deciding_count(group_election)
    initial = {
        "number": next_decision_number(group_election.campaign),
        "decision_date": timezone.localdate(),
        "proposer": default_proposer(group_election),
        "recipients": "\n".join(DEFAULT_RECIPIENTS),
    }
    form = DecisionForm(request.POST or None, initial=initial)
    confirm = {}
    if request.method == "POST" and form.is_valid() and not confirmed(request) and not editing(request):
        # Irreversible: the summary first; nothing is issued without the confirmation.
        elected = count.elected.resident.full_name if count is not None and count.elected_id else "—"
        confirm = {
            "summary": [
                (_("Recognised as the group's leader"), elected),
                (_("Term"), group_election.campaign.label),
                *form_summary(form),
            ],
            "confirm_title": _("Issue the recognition decision?"),
            "confirm_button": _("Confirm: issue the decision"),
            "consequence": _(
                "The decision gets its number and date, the leader takes office and enters the group's leader "
                "history. An issued decision cannot be withdrawn here."
            ),
        }
    elif request.method == "POST" and form.is_valid() and confirmed(request):
        try:
            decision = decision_issue(group_election=group_election, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_problems(error)
        else:
            messages.success(
                request,
                _("Decision %(number)s is issued; %(name)s is recognised as the group's leader.")
                % {"number": decision.number_display, "name": decision.candidate.resident.full_name},
            )
            return redirect("count:result", pk=decision.conference_id)
    context = {
        "group_election": group_election,
        "form": form,
        "count": count,
        "rows": vote_rows(count) if count is not None else [],
        "deadline": recognition_deadline(count) if count is not None else None,
        **confirm,
    }
    return render(request, "count/decision_form.html", context)


@require_GET
def decision_pdf(request, ge_pk: int):
    group_election = group_election_for_user_or_404(request.user, ge_pk)
    if not can(request.user, Action.PRINT_PAPERS, group_election.group):
        raise PermissionDenied(_("You are not allowed to do this."))
    decision = decision_of(group_election)
    if decision is None:
        raise Http404(_("No recognition decision has been issued for this group."))
    filename = f"Quyết định công nhận tổ trưởng {group_election.group.name}.pdf"
    return pdf_response(recognition_decision_pdf(decision), filename, attachment=False)
