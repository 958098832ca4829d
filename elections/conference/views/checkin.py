"""Check-in at the door, on a phone: search, mark present or undo, head count, the live quorum."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import Action
from config.errors import DomainError, report_error
from elections.conference import selectors
from elections.conference.forms import HeadCountForm
from elections.conference.models import Elector
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
        "quorum": selectors.quorum_status(conference),
        "query": query,
        "results": selectors.elector_search(conference, query) if query else [],
        "recent": selectors.recent_checkins(conference),
        "check_in_open": conference.status in CHECK_IN_STATUSES,
        "head_form": head_form or HeadCountForm(initial={"head_count": conference.head_count}),
    }


@require_GET
def checkin_page(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "conference/checkin.html", _page_context(request, conference, query=query))


@require_GET
def checkin_search(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    query = request.GET.get("q", "").strip()[:100]
    if not _is_htmx(request):
        url = reverse("conference:checkin", kwargs={"pk": conference.pk})
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
    return render(request, "conference/checkin_results.html", _page_context(request, conference, query=query))


@require_POST
def checkin_toggle(request, pk: int, elector_pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    elector = get_object_or_404(Elector, pk=elector_pk, group_election_id=conference.group_election_id)
    undo = request.POST.get("op") == "undo"
    error = None
    try:
        if undo:
            attendance_undo(conference=conference, elector=elector, actor=request.user)
        else:
            attendance_mark(conference=conference, elector=elector, actor=request.user)
    except DomainError as exc:
        error = exc
    if _is_htmx(request):
        elector.present_here = int(conference.attendances.filter(elector=elector).exists())
        context = _page_context(request, conference)
        context.update(elector=elector, error=error)
        response = render(request, "conference/checkin_row_swap.html", context)
        if error is None and not undo:
            response["HX-Trigger"] = "elector-checked-in"  # the page clears the search and keeps its focus
        return response
    if error is not None:
        report_error(request, error)
    url = reverse("conference:checkin", kwargs={"pk": conference.pk})
    query = request.POST.get("q", "").strip()
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@require_POST
def checkin_head_count(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
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
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    if not _is_htmx(request):
        return redirect("conference:checkin", pk=conference.pk)
    return render(request, "conference/checkin_quorum.html", {"quorum": selectors.quorum_status(conference)})
