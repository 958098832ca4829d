"""Check-in at the door, on a phone: search, mark present or undo, head count, the live quorum."""

from __future__ import annotations

import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import Action
from config.errors import DomainError, report_error
from elections.conference import selectors
from elections.conference.forms import HeadCountForm
from elections.conference.services.checkin import (
    CHECK_IN_STATUSES,
    attendance_mark,
    attendance_undo,
    conference_set_head_count,
)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _page_context(request, conference, *, query: str = "", head_form=None) -> dict:
    return {
        "conference": conference,
        "group": conference.group_election.group,
        "quorum": selectors.checkin_quorum(conference),
        "query": query,
        "results": selectors.elector_search(conference, query) if query else [],
        "recent": selectors.recent_checkins(conference),
        "check_in_open": conference.status in CHECK_IN_STATUSES,
        "head_form": head_form or HeadCountForm(initial={"head_count": conference.head_count}),
    }


@require_GET
def checkin_page(request, pk: int):
    conference = selectors.checkin_conference_or_404(request.user, pk)
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "conference/checkin.html", _page_context(request, conference, query=query))


@require_GET
def checkin_search(request, pk: int):
    conference = selectors.conference_for_user_or_404(
        request.user, pk, action=Action.CHECK_IN, joins=selectors.CHECK_IN_JOINS
    )
    query = request.GET.get("q", "").strip()[:100]
    if not _is_htmx(request):
        url = reverse("conference:checkin", kwargs={"pk": conference.pk})
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
    context = {
        "conference": conference,
        "query": query,
        "results": selectors.elector_search(conference, query) if query else [],
        "check_in_open": conference.status in CHECK_IN_STATUSES,
    }
    return render(request, "conference/checkin_results.html", context)


@require_POST
def checkin_toggle(request, pk: int, elector_pk: int):
    """Mark present or undo, from the phone: the sitting, the elector, the place and the counts in one query,
    then the row and its audit entry. The answer is the row, the quorum and the line of the recent list."""
    conference, elector = selectors.checkin_target_or_404(request.user, pk, elector_pk)
    undo = request.POST.get("op") == "undo"
    change, added, error = 0, None, None
    already_read = {"seated": conference.seated, "present": elector.attendance}
    try:
        if undo:
            if attendance_undo(conference=conference, elector=elector, actor=request.user, **already_read):
                change = -1
            elector.attendance = None
        else:
            elector.attendance, created = attendance_mark(
                conference=conference, elector=elector, actor=request.user, **already_read
            )
            if created:
                added, change = elector.attendance, 1
    except DomainError as exc:
        error = exc
    if _is_htmx(request):
        elector.present_here = int(elector.attendance is not None)
        context = {
            "conference": conference,
            "elector": elector,
            "error": error,
            "check_in_open": conference.status in CHECK_IN_STATUSES,
            "quorum": selectors.checkin_quorum(conference, change=change),
            "added": added,
        }
        response = render(request, "conference/checkin_row_swap.html", context)
        if error is None and not undo:
            response["HX-Trigger"] = "elector-checked-in"  # the page clears the search and keeps its focus
        elif change:
            # The page takes the line off its recent list (the search stays as it is).
            response["HX-Trigger-After-Swap"] = json.dumps({"check-in-undone": {"elector": elector.pk}})
        return response
    if error is not None:
        report_error(request, error)
    url = reverse("conference:checkin", kwargs={"pk": conference.pk})
    query = request.POST.get("q", "").strip()
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@require_POST
def checkin_head_count(request, pk: int):
    conference = selectors.checkin_conference_or_404(request.user, pk)
    form = HeadCountForm(request.POST)
    if form.is_valid():
        try:
            conference_set_head_count(
                conference=conference, actor=request.user, head_count=form.cleaned_data["head_count"]
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("The head count was saved."))
            return redirect("conference:checkin", pk=conference.pk)
    conference.refresh_from_db()
    return render(request, "conference/checkin.html", _page_context(request, conference, head_form=form), status=400)


@require_GET
def checkin_quorum(request, pk: int):
    conference = selectors.checkin_conference_or_404(request.user, pk)
    if not _is_htmx(request):
        return redirect("conference:checkin", pk=conference.pk)
    return render(request, "conference/checkin_quorum.html", {"quorum": selectors.checkin_quorum(conference)})
