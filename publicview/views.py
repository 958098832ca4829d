"""The public pages (no login, on purpose): the verify page of a printed paper, the results page of a
campaign, the hall's screen of a conference; and the two pages officials use to manage them."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import Action, can
from config.errors import DomainError, report_error
from elections import selectors as election_selectors
from elections.conference.selectors import conference_for_user_or_404
from elections.count.models import CountOutcome
from elections.models import Stage
from publicview import selectors, services
from publicview.api import results_rows
from publicview.ratelimit import rate_limited
from verification.fingerprint import normalise_code, public_base_url, short_form
from verification.models import PaperKind


def _summary_label(key: str) -> str:
    labels = {
        "electorate": _("Electorate"),
        "present": _("Present"),
        "candidate": _("Votes"),
        "outcome": _("Result"),
        "elected": _("Elected leader"),
        "number": _("Number"),
        "leader": _("Recognised leader"),
        "members": _("Members of the team"),
        "total": _("Names on the list"),
        "men": _("Men"),
        "women": _("Women"),
        "candidates": _("Candidates on the list"),
        "name": _("Candidate"),
    }
    return labels.get(key, key)


def _summary_rows(summary: list) -> list[dict]:
    rows = []
    for key, value in summary:
        row = {"key": key, "label": _summary_label(key), "value": value}
        if key == "outcome":
            row["value"] = CountOutcome(value).label if value in CountOutcome.values else value
        rows.append(row)
    return rows


@login_not_required
@transaction.non_atomic_requests  # public reads take no transaction (on SQLite: no write lock per visitor)
@require_GET
@rate_limited("verify")
def verify(request, code: str = ""):
    """/verify/<fingerprint>: what the QR code of a paper opens; also takes the short code typed by hand."""
    typed = request.GET.get("code", "")
    if typed and not code:
        cleaned = normalise_code(typed)
        if cleaned:
            return redirect("publicview:verify", code=cleaned)
    cleaned = normalise_code(code)
    paper = selectors.verified_paper(cleaned) if cleaned else None
    context = {"code": code, "typed": typed, "asked": bool(code or typed)}
    if paper is not None:
        context |= {
            "paper": paper,
            "kind": PaperKind(paper.kind).label,
            "short": short_form(paper.fingerprint),
            "summary": _summary_rows(paper.summary),
            "state": "current" if paper.is_current else "superseded",
        }
    elif context["asked"]:
        context["state"] = "unknown"
    return render(request, "publicview/verify.html", context, status=200)


@login_not_required
@transaction.non_atomic_requests
@require_GET
@rate_limited("results")
def results_index(request):
    return render(request, "publicview/results_index.html", {"campaigns": selectors.public_campaigns()})


@login_not_required
@transaction.non_atomic_requests
@require_GET
@rate_limited("results")
def results(request, pk: int):
    data = selectors.public_results(pk)
    if data is None:
        raise Http404(_("No public results for this campaign."))
    groups = [group | {"stage_label": Stage(group["stage"]).label} for group in data["groups"]]
    for group in groups:
        if group["result"]:
            group["result"] = group["result"] | {"outcome_label": CountOutcome(group["result"]["outcome"]).label}
    stage_totals: dict[str, int] = {}
    for group in groups:
        stage_totals[group["stage_label"]] = stage_totals.get(group["stage_label"], 0) + 1
    return render(
        request,
        "publicview/results.html",
        {
            "data": data,
            "groups": groups,
            "stage_totals": sorted(stage_totals.items()),
            "cache_seconds": getattr(settings, "PUBLIC_CACHE_SECONDS", 30),
        },
    )


@login_not_required
@transaction.non_atomic_requests
@require_GET
@rate_limited("results")
def results_csv(request, pk: int):
    """The public results as CSV, one line per candidate (a group without a sealed count has one line)."""
    data = selectors.public_results(pk)
    if data is None:
        raise Http404(_("No public results for this campaign."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ket-qua-{data["campaign_pk"]}.csv"'
    response.write("\ufeff")  # a BOM, so that Excel reads the Vietnamese letters as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for group in results_rows(data):
        base = [data["ward"], data["term"], group["code"], group["name"], group["stage"], group["stage_label"]]
        decision = group["decision"] or {}
        tail = [decision.get("number", ""), decision["date"].isoformat() if decision else ""]
        result = group["result"]
        head = ["", "", "", "", ""]  # no sealed count yet: one line with the group's stage only
        candidates = []
        if result is not None:
            head = [
                result["sealed_on"].isoformat(),
                result["electorate"],
                result["present"],
                f"{result['present_percent_of_electorate']:.2f}",
                result["outcome"],
            ]
            candidates = [
                [c["name"], c["votes"], f"{c['percent_of_electorate']:.2f}", "1" if c["elected"] else "0"]
                for c in result["candidates"]
            ]
        for candidate in candidates or [["", "", "", ""]]:
            writer.writerow([*base, *head, *candidate, *tail])
    return response


# Column names of the CSV: stable identifiers (open data), the same words as the JSON's fields.
CSV_COLUMNS = [
    "ward",
    "term",
    "group_code",
    "group_name",
    "stage",
    "stage_label",
    "sealed_on",
    "electorate",
    "present",
    "present_percent_of_electorate",
    "outcome",
    "candidate",
    "votes",
    "percent_of_electorate",
    "elected",
    "decision_number",
    "decision_date",
]


# ---------------------------------------------------------------- the hall's screen


def _hall_context(token: str) -> dict:
    conference_pk = services.hall_token_conference(token)
    screen = selectors.hall_screen(conference_pk) if conference_pk else None
    if screen is None:
        raise Http404(_("This link to the hall's screen is not valid or has expired."))
    if screen["result"]:
        screen["result"] |= {"outcome_label": CountOutcome(screen["result"]["outcome"]).label}
    return {"screen": screen, "token": token}


@login_not_required
@transaction.non_atomic_requests
@never_cache
@require_GET
def hall_screen(request, token: str):
    return render(request, "publicview/hall.html", _hall_context(token))


@login_not_required
@transaction.non_atomic_requests
@never_cache
@require_GET
def hall_screen_live(request, token: str):
    return render(request, "publicview/hall_live.html", _hall_context(token))


@require_POST
def hall_link(request, pk: int):
    """An official (or the election team) creates the hall-screen link from the conference page."""
    conference = conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    try:
        token, expires = services.hall_link_create(conference=conference, actor=request.user)
    except DomainError as exc:
        report_error(request, exc)
        return redirect("conference:detail", pk=conference.pk)
    url = public_base_url() + reverse("publicview:hall", kwargs={"token": token})
    return render(
        request,
        "publicview/hall_link.html",
        {"conference": conference, "group": conference.group_election.group, "url": url, "expires": expires},
    )


# ---------------------------------------------------------------- the ward's switch


@require_http_methods(["GET", "POST"])
def results_settings(request, pk: int):
    campaign = election_selectors.campaign_for_user_or_404(request.user, pk)
    may_manage = can(request.user, Action.MANAGE_CAMPAIGN)
    if not may_manage:
        raise Http404(_("Not found."))
    if request.method == "POST":
        enabled = request.POST.get("enabled") == "1"
        try:
            services.public_results_set(campaign=campaign, actor=request.user, enabled=enabled)
        except DomainError as exc:
            report_error(request, exc)
        else:
            messages.success(
                request,
                _("The public results page is on.") if enabled else _("The public results page is off."),
            )
        return redirect("publicview:settings", pk=campaign.pk)
    return render(
        request,
        "publicview/settings.html",
        {
            "campaign": campaign,
            "enabled": selectors.results_enabled(campaign),
            "public_url": public_base_url() + reverse("publicview:results", kwargs={"pk": campaign.pk}),
        },
    )
