"""The voter list and the sign-in sheet as their pages print them, and their cache warmed once posted.

Once a group's lists are posted the electorate is frozen, so both papers are laid out once and served from the
paper cache (`papers.cache`). Laying out an 18-page list costs seconds; so when the lists are posted a background
task (`residents.tasks.warm_posted_lists`) lays both papers out for both kinds of reader (with full birth dates,
and with years only), and the first person to open them gets them at once.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from papers.cache import render_cached_pdf
from residents import selectors
from residents.fingerprints import voter_list_verification
from residents.models import ResidentialGroup

logger = logging.getLogger(__name__)

VOTER_LIST_TEMPLATE = "residents/papers/voter_list.html"
SIGN_IN_TEMPLATE = "residents/papers/signin_sheet.html"


def electorate_paper_context(
    group: ResidentialGroup, *, mode: str | None, full_birth_dates: bool, election=None
) -> dict:
    """What the voter list and the sign-in sheet of the group's election print: `election` (a GroupElection, as batch
    printing hands it), else the group's election of the ward's current campaign (the group's page)."""
    if election is not None:
        campaign = election.campaign
    else:
        campaign = selectors.current_campaign(group.ward_id)
        election = campaign.group_elections.filter(group=group).first() if campaign else None
    if mode not in selectors.ELECTORATE_MODES:
        mode = selectors.electorate_mode(campaign)
    on_date = selectors.reference_date(campaign)
    rows, posted_at, frozen = [], None, False
    if election is not None and election.list_posted_at:
        posted_at = timezone.localtime(election.list_posted_at).date()
        if mode == campaign.electorate_mode:
            # Once posted, the list is the frozen one, whatever changed in the register since.
            rows = selectors.frozen_electorate_rows(election)
            frozen = bool(rows)
    if not rows:
        rows = selectors.electorate_rows(group, mode=mode, on_date=on_date)
    meeting_date = campaign.election_day if campaign else None
    if election is not None and election.planned_at:  # e.g. a re-vote on another day
        meeting_date = timezone.localtime(election.planned_at).date()
    return {
        "group": group,
        "ward": group.ward,
        "campaign": campaign,
        "mode": mode,
        "household_reps": mode == selectors.HOUSEHOLD_REPS,
        "on_date": on_date,
        "rows": rows,
        "summary": selectors.electorate_summary(rows),
        "full_birth_dates": full_birth_dates,
        "superior_body": f"UBND {group.ward.upper_name}",
        "issuing_body": f"TỔ BẦU CỬ {group.name.upper()}",
        "place": group.ward.name,
        "doc_date": posted_at,
        "meeting_date": meeting_date,
        "posted_on": posted_at if frozen else None,
    }


def voter_list_pdf(context: dict, *, request=None) -> tuple[bytes, str]:
    """The voter (or household) list: its PDF and file name."""
    kind = "Danh sách đại diện hộ gia đình" if context["household_reps"] else "Danh sách cử tri"
    context["pdf_title"] = f"{kind} - {context['group'].name}"
    context["verification"] = voter_list_verification(
        group=context["group"],
        campaign=context["campaign"],
        mode=context["mode"],
        posted_on=context["posted_on"],
        rows=context["rows"],
    )
    # Laid out once for what it prints (the posted list for good; a list not yet posted until the register changes).
    pdf = render_cached_pdf(template_name=VOTER_LIST_TEMPLATE, context=context, request=request)
    return pdf, f"{kind} {context['group'].name}.pdf"


def signin_sheet_pdf(context: dict, *, request=None) -> tuple[bytes, str]:
    """The sign-in sheet of the conference: its PDF and file name."""
    context["pdf_title"] = f"Danh sách ký tên dự hội nghị - {context['group'].name}"
    pdf = render_cached_pdf(template_name=SIGN_IN_TEMPLATE, context=context, request=request)
    return pdf, f"Danh sách ký tên dự hội nghị {context['group'].name}.pdf"


def warm_posted_lists(group: ResidentialGroup) -> int:
    """Lay out the posted lists of the group into the paper cache, for both kinds of reader. Returns the papers laid
    out (0 when the lists are not posted: nothing is frozen, nothing is cached)."""
    # The two readers differ only in the birth dates shown: the frozen list is read once for the four papers.
    context = electorate_paper_context(group, mode=None, full_birth_dates=True)
    if context["posted_on"] is None:
        return 0
    laid_out = 0
    for full_birth_dates in (True, False):
        for make in (voter_list_pdf, signin_sheet_pdf):
            make({**context, "full_birth_dates": full_birth_dates})  # each paper adds its title to its own copy
            laid_out += 1
    logger.info("Posted lists of group %s laid out into the paper cache (%s papers).", group.pk, laid_out)
    return laid_out
