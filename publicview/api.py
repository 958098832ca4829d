"""Open data: the public results as JSON, described by an OpenAPI schema, so a province can collect every
ward's results without scraping the page.

django-ninja was chosen over Django REST framework: the API is two read-only endpoints, ninja's schemas are
plain typed classes (pydantic) from which it generates the OpenAPI document, and it brings no serializer,
router or browsable-API layer we would not use. Its Swagger page loads scripts from a CDN, so it is off;
the schema itself is served at /api/public/openapi.json.

Like the results page, the endpoints read the same cached, public-only selector (never voters, addresses,
birth dates, Party membership or complaints), take no login and are rate-limited per client address.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.contrib.auth.decorators import login_not_required
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Status

from elections.count.models import CountOutcome
from elections.models import Stage
from publicview import selectors
from publicview.ratelimit import WINDOW_SECONDS, over_limit

api = NinjaAPI(
    title="Bầu tổ trưởng tổ dân phố — kết quả công khai (open data)",
    version="1",
    description=(
        "The public results of each ward's election of residential-group leaders: each group's stage, the sealed "
        "count (electorate, present, votes and percentage of the whole electorate, the elected leader) and the "
        "recognition decision. Read-only, no login; the same figures as the public results page, also as CSV."
    ),
    urls_namespace="publicapi",
    docs_url=None,  # the interactive page would load its scripts from a CDN
    openapi_url="/openapi.json",
)


class Error(Schema):
    detail: str


class CampaignRef(Schema):
    id: int
    ward: str
    term: str
    election_day: datetime.date
    results_json: str
    results_csv: str
    results_page: str


class CandidateResult(Schema):
    name: str
    votes: int
    percent_of_electorate: float
    elected: bool


class SealedResult(Schema):
    electorate: int
    present: int
    present_percent_of_electorate: float
    outcome: Literal[tuple(CountOutcome.values)]  # type: ignore[valid-type]
    elected_leader: str | None
    sitting: int
    sealed_on: datetime.date
    candidates: list[CandidateResult]


class Decision(Schema):
    number: str
    date: datetime.date


class GroupResult(Schema):
    code: str
    name: str
    stage: Literal[tuple(Stage.values)]  # type: ignore[valid-type]
    stage_label: str
    result: SealedResult | None
    decision: Decision | None


class CampaignResults(Schema):
    campaign: int
    ward: str
    term: str
    election_day: datetime.date
    generated_at: datetime.datetime
    groups: list[GroupResult]


def _percent(value) -> float:
    return float(round(value, 2)) if value is not None else 0.0


def _too_many(request):
    response = api.create_response(
        request, {"detail": _("Too many requests from your address. Please try again in a minute.")}, status=429
    )
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def results_rows(data: dict) -> list[dict]:
    """The cached public results as plain values of the open-data schema (used by the JSON and the CSV)."""
    groups = []
    for group in data["groups"]:
        result = group["result"]
        decision = group["decision"]
        groups.append(
            {
                "code": group["code"],
                "name": group["name"],
                "stage": group["stage"],
                "stage_label": str(Stage(group["stage"]).label),
                "result": None
                if result is None
                else {
                    "electorate": result["electorate"],
                    "present": result["present"],
                    "present_percent_of_electorate": _percent(result["present_percent"]),
                    "outcome": result["outcome"],
                    "elected_leader": result["elected"] or None,
                    "sitting": result["sitting"],
                    "sealed_on": result["sealed_on"],
                    "candidates": [
                        {
                            "name": c["name"],
                            "votes": c["votes"],
                            "percent_of_electorate": _percent(c["percent"]),
                            "elected": c["elected"],
                        }
                        for c in result["candidates"]
                    ],
                },
                "decision": None if decision is None else {"number": decision["number"], "date": decision["date"]},
            }
        )
    return groups


@api.get("/campaigns", response={200: list[CampaignRef], 429: Error}, summary="Campaigns with public results")
def campaigns(request):
    if over_limit(request, scope="results"):
        return _too_many(request)
    out = []
    for c in selectors.public_campaigns():
        out.append(
            {
                "id": c["pk"],
                "ward": c["ward"],
                "term": c["term"],
                "election_day": c["election_day"],
                "results_json": request.build_absolute_uri(
                    reverse("publicapi:campaign_results", kwargs={"pk": c["pk"]})
                ),
                "results_csv": request.build_absolute_uri(reverse("publicview:results_csv", kwargs={"pk": c["pk"]})),
                "results_page": request.build_absolute_uri(reverse("publicview:results", kwargs={"pk": c["pk"]})),
            }
        )
    return Status(200, out)


@api.get(
    "/campaigns/{pk}/results",
    response={200: CampaignResults, 404: Error, 429: Error},
    url_name="campaign_results",
    summary="One campaign's public results, group by group",
)
def campaign_results(request, pk: int):
    if over_limit(request, scope="results"):
        return _too_many(request)
    data = selectors.public_results(pk)
    if data is None:
        return Status(404, {"detail": _("No public results for this campaign.")})
    return Status(
        200,
        {
            "campaign": data["campaign_pk"],
            "ward": data["ward"],
            "term": data["term"],
            "election_day": data["election_day"],
            "generated_at": data["generated_at"],
            "groups": results_rows(data),
        },
    )


def urls():
    """The API's URL patterns, public on purpose: each view is marked so the login middleware lets it through."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        login_not_required(pattern.callback)
    return patterns, app_name, namespace
