"""The residents app's papers in batch printing: voter lists and sign-in sheets (registered in ResidentsConfig.ready).

A producer is handed a group's election (an elections.GroupElection) and reads only its attributes: the residents
app imports nothing from elections.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from papers.cache import render_frozen_pdf
from papers.kinds import register_kind
from residents import selectors
from residents.fingerprints import voter_list_verification

VOTER_LIST_TEMPLATE = "residents/papers/voter_list.html"
SIGN_IN_TEMPLATE = "residents/papers/signin_sheet.html"


def _electorate_paper(group_election, options: dict, *, template: str, title: str) -> bytes:
    """The voter list / sign-in sheet for one group, as its own view builds it."""
    group = group_election.group
    campaign = group_election.campaign
    mode = selectors.electorate_mode(campaign)
    rows, posted_at, frozen = [], None, False
    if group_election.list_posted_at:
        posted_at = timezone.localtime(group_election.list_posted_at).date()
        rows = selectors.frozen_electorate_rows(group_election)
        frozen = bool(rows)
    if not rows:
        rows = selectors.electorate_rows(group, mode=mode, on_date=selectors.reference_date(campaign))
    if not rows:
        raise DomainError(_("The group has no voters on the register."))
    household_reps = mode == selectors.HOUSEHOLD_REPS
    context = {
        "group": group,
        "ward": group.ward,
        "campaign": campaign,
        "mode": mode,
        "household_reps": household_reps,
        "on_date": selectors.reference_date(campaign),
        "rows": rows,
        "summary": selectors.electorate_summary(rows),
        "full_birth_dates": bool(options.get("full_birth_dates")),
        "superior_body": f"UBND {group.ward.upper_name}",
        "issuing_body": f"TỔ BẦU CỬ {group.name.upper()}",
        "place": group.ward.name,
        "doc_date": posted_at,
        "pdf_title": f"{title} - {group.name}",
    }
    if template == VOTER_LIST_TEMPLATE and frozen:
        context["verification"] = voter_list_verification(
            group=group, campaign=campaign, mode=mode, posted_on=posted_at, rows=rows
        )
    # Once posted, the list is frozen: laid out once, then served from the cache.
    return render_frozen_pdf(template_name=template, context=context, frozen=frozen)


@register_kind("voter_lists", gettext_lazy("Voter / household lists for posting"), position=50)
def _voter_list(group_election, options: dict) -> bytes:
    return _electorate_paper(group_election, options, template=VOTER_LIST_TEMPLATE, title="Danh sách cử tri")


@register_kind("sign_in_sheets", gettext_lazy("Sign-in sheets for the conference"), position=60)
def _sign_in_sheet(group_election, options: dict) -> bytes:
    return _electorate_paper(group_election, options, template=SIGN_IN_TEMPLATE, title="Danh sách ký tên dự hội nghị")
