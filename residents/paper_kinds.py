"""The residents app's papers in batch printing: voter lists and sign-in sheets (registered in ResidentsConfig.ready).

A producer is handed a group's election (an elections.GroupElection) and reads only its attributes: the residents
app imports nothing from elections.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from papers.kinds import register_kind
from residents import papers


def _electorate_paper(group_election, options: dict, *, paper) -> bytes:
    """The voter list / sign-in sheet for one group, exactly as its own page prints it (the same context, so the same
    cached layout once the lists are posted)."""
    context = papers.electorate_paper_context(
        group_election.group,
        mode=None,
        full_birth_dates=bool(options.get("full_birth_dates")),
        election=group_election,
    )
    if not context["rows"]:
        raise DomainError(_("The group has no voters on the register."))
    pdf, _filename = paper(context)
    return pdf


@register_kind("voter_lists", gettext_lazy("Voter / household lists for posting"), position=50)
def _voter_list(group_election, options: dict) -> bytes:
    return _electorate_paper(group_election, options, paper=papers.voter_list_pdf)


@register_kind("sign_in_sheets", gettext_lazy("Sign-in sheets for the conference"), position=60)
def _sign_in_sheet(group_election, options: dict) -> bytes:
    return _electorate_paper(group_election, options, paper=papers.signin_sheet_pdf)
