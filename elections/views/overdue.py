from __future__ import annotations

from django.shortcuts import render

from accounts.access import Action, require
from elections import selectors


def overdue(request):
    """Every group's overdue steps at once, for the ward's current campaign."""
    require(request.user, Action.VIEW_WARD)
    campaigns = selectors.overdue_rows(request.user)
    return render(
        request,
        "elections/overdue.html",
        {"campaigns": campaigns, "today": selectors.today()},
    )
