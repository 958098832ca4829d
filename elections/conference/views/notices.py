"""Papers of election day printed from a group's page: the invitations to the conference (for the whole
group or one household). The count's (re-vote notice, draft decision) are in `elections.count.views.notices`."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import Action
from config.errors import DomainError, report_error
from elections.conference import papers_notices, selectors
from papers.pdf import pdf_response
from residents.models import Household


def _back(request, group_election, error: DomainError):
    report_error(request, error)
    return redirect("elections:group_election_detail", pk=group_election.pk)


@require_GET
def invitations_pdf(request, ge_pk: int):
    """GIẤY MỜI for every household (or voter) of the group, or for one household (``?household=294``)."""
    group_election = selectors.group_election_for_user_or_404(request.user, ge_pk, action=Action.PRINT_PAPERS)
    household = None
    number = (request.GET.get("household") or "").strip()
    if number:
        household = Household.objects.filter(group=group_election.group, number=number).first()
        if household is None:
            error = DomainError(
                _("Household number %(number)s is not in %(group)s.")
                % {"number": number, "group": group_election.group.name}
            )
            return _back(request, group_election, error)
    try:
        data = papers_notices.invitation_pdf(group_election, household=household)
    except DomainError as error:
        return _back(request, group_election, error)
    suffix = f" hộ số {household.number}" if household else ""
    return pdf_response(data, f"Giấy mời dự hội nghị {group_election.group.name}{suffix}.pdf", attachment=False)
