"""Papers of the count printed from a group's page: the re-vote notice and the draft of the recognition
decision."""

from __future__ import annotations

from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from accounts.access import Action
from config.errors import DomainError, report_error
from elections.conference import selectors
from elections.count import papers
from papers.pdf import pdf_response


def _back(request, group_election, error: DomainError):
    report_error(request, error)
    return redirect("elections:group_election_detail", pk=group_election.pk)


@require_GET
def revote_notice_pdf(request, ge_pk: int):
    group_election = selectors.group_election_for_user_or_404(request.user, ge_pk, action=Action.PRINT_PAPERS)
    try:
        data = papers.revote_notice_pdf(group_election)
    except DomainError as error:
        return _back(request, group_election, error)
    return pdf_response(data, f"Thông báo bầu lại {group_election.group.name}.pdf", attachment=False)


@require_GET
def draft_decision_pdf(request, ge_pk: int):
    """The recognition decision marked "DỰ THẢO", for an elected group before the chairman issues it."""
    group_election = selectors.group_election_for_user_or_404(request.user, ge_pk, action=Action.PRINT_PAPERS)
    try:
        data = papers.draft_decision_pdf(group_election)
    except DomainError as error:
        return _back(request, group_election, error)
    return pdf_response(data, f"Dự thảo quyết định công nhận {group_election.group.name}.pdf", attachment=False)
