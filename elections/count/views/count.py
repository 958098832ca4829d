"""The count entered twice: each member's entry page, and the comparison the head of the count board resolves."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import Action, require_at_sitting
from config.errors import DomainError
from elections.conference.models import Conference
from elections.count.forms import CountForm, ResolveForm
from elections.count.models import Count
from elections.count.selectors import conference_for_user_or_404
from elections.count.services.figures import CountData, count_candidates, field_label
from elections.count.services.tally import may_resolve, tally_differences, tally_resolve, tally_submit


def _submit_message(status: str) -> tuple[int, str]:
    if status == "recorded":
        return messages.SUCCESS, _(
            "Your entry is recorded. The count is accepted when a second member of the count board enters "
            "the same figures."
        )
    if status == "unchanged":
        return messages.INFO, _("These figures were already recorded; nothing changed.")
    if status == "updated":
        return messages.SUCCESS, _("Your entry is changed.")
    if status == "accepted":
        return messages.SUCCESS, _("Both entries agree: the count is accepted.")
    return messages.WARNING, _(
        "The two entries differ. The head of the count board compares them and settles the differing figures."
    )


@require_http_methods(["GET", "POST"])
def count_entry(request, pk: int):
    """One member's entry of the count. The other member's figures are never shown here."""
    conference = conference_for_user_or_404(request.user, pk)
    require_at_sitting(request.user, Action.ENTER_COUNT, conference)
    candidates = count_candidates(conference)
    entries = list(conference.tally_entries.prefetch_related("votes"))
    own = next((e for e in entries if e.entered_by_id == request.user.pk), None)
    accepted = Count.objects.filter(conference=conference).exists()
    # A member may enter (or, before the other member has entered, change) their own figures.
    can_submit = conference.status == Conference.Status.VOTING and not accepted and len(entries) < 2
    form = CountForm(
        request.POST or None,
        conference=conference,
        candidates=candidates,
        initial_data=CountData.of(own) if own is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = tally_submit(conference=conference, actor=request.user, data=form.to_data())
        except DomainError as error:
            form.add_problems(error)
        else:
            level, text = _submit_message(result.status)
            messages.add_message(request, level, text)
            if result.status == "accepted":
                return redirect("count:result", pk=conference.pk)
            return redirect("count:count_entry", pk=conference.pk)
    return render(
        request,
        "count/count_entry.html",
        {
            "conference": conference,
            "group_election": conference.group_election,
            "form": form,
            "own": own,
            "entries_made": len(entries),
            "accepted": accepted,
            "can_submit": can_submit,
            "may_resolve": may_resolve(request.user, conference),
        },
    )


def _difference_rows(conference: Conference, candidates) -> list[dict]:
    by_pk = {c.pk: c for c in candidates}
    return [
        {"key": d.key, "label": field_label(d.key, by_pk), "first": d.first, "second": d.second}
        for d in tally_differences(conference)
    ]


def _compare_context(request, conference, form, rows):
    entries = {e.slot: e for e in conference.tally_entries.select_related("entered_by")}
    return {
        "conference": conference,
        "group_election": conference.group_election,
        "rows": rows,
        "form": form,
        "entries": entries,
        "accepted": Count.objects.filter(conference=conference).exists(),
    }


@require_http_methods(["GET"])
def count_compare(request, pk: int):
    """Only the fields where the two entries differ, side by side, for the head of the count board."""
    conference = conference_for_user_or_404(request.user, pk)
    require_at_sitting(request.user, Action.RESOLVE_COUNT, conference)
    rows = _difference_rows(conference, count_candidates(conference))
    form = ResolveForm(rows=rows)
    return render(request, "count/count_compare.html", _compare_context(request, conference, form, rows))


@require_POST
def count_resolve(request, pk: int):
    conference = conference_for_user_or_404(request.user, pk)
    require_at_sitting(request.user, Action.RESOLVE_COUNT, conference)
    rows = _difference_rows(conference, count_candidates(conference))
    form = ResolveForm(request.POST, rows=rows)
    if form.is_valid():
        try:
            tally_resolve(
                conference=conference, actor=request.user, chosen=form.chosen(), note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form.add_problems(error)
        else:
            messages.success(request, _("The differences are settled and the count is accepted."))
            return redirect("count:result", pk=conference.pk)
    return render(request, "count/count_compare.html", _compare_context(request, conference, form, rows))
