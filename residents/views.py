"""Pages of the ward register: ward overview, groups, cells, and the group's printed lists.

Views stay thin: they parse the request, call accounts.access and residents.selectors, render.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import Action, can, group_for_user_or_404, require, visible_cells, visible_groups, visible_wards
from papers.pdf import pdf_response
from residents import papers, selectors
from residents.models import Resident, ResidentialGroup, voting_birth_cutoff

HOUSEHOLDS_PER_PAGE = 50
RESIDENTS_PER_PAGE = 100
MEMBERS_PER_PAGE = 100


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _page(request, items, per_page: int):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _ward_context(request):
    """The ward the page is about, its current campaign, and the day ages are counted on."""
    ward = selectors.ward_for_user_or_404(request.user, _int_param(request, "ward"))
    campaign = selectors.current_campaign(ward)
    return {
        "ward": ward,
        "other_wards": visible_wards(request.user).exclude(pk=ward.pk),
        "campaign": campaign,
        "on_date": selectors.reference_date(campaign),
        "leader_term": selectors.outgoing_term_label(campaign),
        "mode": selectors.electorate_mode(campaign),
    }


@require_GET
def ward_overview(request):
    require(request.user, Action.VIEW_WARD)
    context = _ward_context(request)
    groups = selectors.group_rows(
        selectors.with_group_counts(
            visible_groups(request.user).filter(ward=context["ward"]),
            on_date=context["on_date"],
            leader_term=context["leader_term"],
            campaign=context["campaign"],
        )
    )
    cells = selectors.cells_with_counts(request.user).filter(ward=context["ward"])
    context.update(groups=groups, totals=selectors.totals(groups), cells=cells)
    return render(request, "residents/ward_overview.html", context)


@require_GET
def group_list(request):
    context = _ward_context(request)
    groups = selectors.group_rows(
        selectors.with_group_counts(
            visible_groups(request.user).filter(ward=context["ward"]),
            on_date=context["on_date"],
            leader_term=context["leader_term"],
            campaign=context["campaign"],
        )
    )
    context.update(groups=groups, totals=selectors.totals(groups))
    return render(request, "residents/group_list.html", context)


@require_GET
def group_detail(request, pk: int):
    user = request.user
    group = group_for_user_or_404(user, pk)
    campaign = selectors.current_campaign(group.ward_id)
    on_date = selectors.reference_date(campaign)
    mode = selectors.electorate_mode(campaign)
    [counted] = selectors.group_rows(
        selectors.with_group_counts(
            ResidentialGroup.objects.filter(pk=group.pk),
            on_date=on_date,
            leader_term=selectors.outgoing_term_label(campaign),
            campaign=campaign,
        )
    )
    tab = "residents" if request.GET.get("tab") == "residents" else "households"
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "group": counted,
        "campaign": campaign,
        "on_date": on_date,
        "mode": mode,
        "electorate": selectors.electorate_size(counted, mode),
        "leader_terms": selectors.group_leader_terms(group),
        "show_personal": can(user, Action.VIEW_PERSONAL_DATA, group),
        "can_print": can(user, Action.PRINT_PAPERS, group),
        "can_edit_register": can(user, Action.EDIT_REGISTER, group),
        "posted": selectors.posted_list_of(group),
        "cell_visible": visible_cells(user).filter(pk=group.party_cell_id).exists(),
        "tab": tab,
        "query": query,
        "voting_cutoff": voting_birth_cutoff(on_date),
    }
    if tab == "households":
        page = _page(request, selectors.group_households(group, on_date=on_date), HOUSEHOLDS_PER_PAGE)
        households = list(page.object_list)
        prefetch_related_objects(
            households, Prefetch("residents", queryset=Resident.objects.present().order_by("birth_date", "pk"))
        )
        context.update(page=page, households=households)
    else:
        context["page"] = _page(request, selectors.group_residents(group, query=query), RESIDENTS_PER_PAGE)
    return render(request, "residents/group_detail.html", context)


@require_GET
def cell_list(request):
    cells = selectors.cells_with_counts(request.user)
    return render(request, "residents/cell_list.html", {"cells": cells})


@require_GET
def cell_detail(request, pk: int):
    user = request.user
    cell = selectors.cell_for_user_or_404(user, pk)
    campaign = selectors.current_campaign(cell.ward_id)
    on_date = selectors.reference_date(campaign)
    groups = selectors.group_rows(
        selectors.with_group_counts(
            visible_groups(user).filter(party_cell=cell),
            on_date=on_date,
            leader_term=selectors.outgoing_term_label(campaign),
            campaign=campaign,
        )
    )
    context = {
        "cell": cell,
        "campaign": campaign,
        "on_date": on_date,
        "groups": groups,
        "totals": selectors.totals(groups),
        "leader_term": selectors.outgoing_term_label(campaign),
        "page": _page(request, selectors.cell_members(user, cell), MEMBERS_PER_PAGE),
        "show_personal": can(user, Action.VIEW_PERSONAL_DATA),
    }
    return render(request, "residents/cell_detail.html", context)


# ---- printed papers ---------------------------------------------------------------------


@require_GET
def voter_list_pdf(request, pk: int):
    group = group_for_user_or_404(request.user, pk)
    require(request.user, Action.PRINT_PAPERS, group)
    context = papers.electorate_paper_context(
        group,
        mode=request.GET.get("mode"),
        # Posted publicly: full birth dates only from those allowed to see personal data.
        full_birth_dates=can(request.user, Action.VIEW_PERSONAL_DATA, group),
    )
    pdf, filename = papers.voter_list_pdf(context, request=request)
    return pdf_response(pdf, filename)


@require_GET
def signin_sheet_pdf(request, pk: int):
    group = group_for_user_or_404(request.user, pk)
    require(request.user, Action.PRINT_PAPERS, group)
    context = papers.electorate_paper_context(
        group,
        mode=request.GET.get("mode"),
        full_birth_dates=can(request.user, Action.VIEW_PERSONAL_DATA, group),
    )
    pdf, filename = papers.signin_sheet_pdf(context, request=request)
    return pdf_response(pdf, filename)
