"""Open data: the public results as JSON that validates against the OpenAPI schema served beside it, and as
CSV; no login, no personal data, the ward's switch and the rate limit apply as on the page."""

from __future__ import annotations

import csv
import io

import jsonschema
import pytest
from django.core.cache import cache
from django.urls import reverse

from publicview.models import PublicResults
from tests.candidates.factories import ComplaintFactory
from tests.conference.countkit import Day, fast_passwords  # noqa: F401
from tests.factories import GroupElectionFactory, ResidentialGroupFactory
from tests.publicview.kit import sealed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _schema(client) -> dict:
    response = client.get(reverse("publicapi:openapi-json"))
    assert response.status_code == 200
    return response.json()


def _validate(document: dict, body, path: str, method: str = "get", status: str = "200") -> None:
    """Validate a response body against the schema the OpenAPI document gives for that path and status."""
    operation = document["paths"][path][method]
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    # The schema's "#/components/schemas/..." references resolve against a root that carries the components.
    schema = {**schema, "components": document.get("components", {})}
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(body), key=str)
    assert not errors, [e.message for e in errors]


def test_results_json_validates_against_the_openapi_schema_and_shows_no_personal_data(client):
    day = Day(electorate=361, present=314)
    sealed(day, (200, 110))
    campaign = day.group_election.campaign
    GroupElectionFactory(campaign=campaign, group=ResidentialGroupFactory(ward=day.ward, name="Tổ dân phố 2"))
    ComplaintFactory(
        candidate=day.second, complainant_name="Người Gửi Qxz", content="Phản ánh Qxz", received_by=day.official()
    )
    document = _schema(client)
    assert document["openapi"].startswith("3.")

    index = client.get(reverse("publicapi:campaigns"))
    assert index.status_code == 200
    _validate(document, index.json(), "/api/public/campaigns")
    assert campaign.pk in [c["id"] for c in index.json()]

    response = client.get(reverse("publicapi:campaign_results", kwargs={"pk": campaign.pk}))
    assert response.status_code == 200
    body = response.json()
    _validate(document, body, "/api/public/campaigns/{pk}/results")
    groups = {g["name"]: g for g in body["groups"]}
    assert set(groups) == {day.group.name, "Tổ dân phố 2"}
    result = groups[day.group.name]["result"]
    assert result["electorate"] == 361 and result["present"] == 314
    assert result["outcome"] == "elected" and result["elected_leader"] == "Nguyễn Văn An"
    assert [(c["votes"], c["percent_of_electorate"]) for c in result["candidates"]] == [(200, 55.4), (110, 30.47)]
    assert groups["Tổ dân phố 2"]["result"] is None
    text = response.content.decode()
    assert "Qxz" not in text  # complaints never
    for resident in (day.first.resident, day.second.resident):
        assert resident.birth_date.isoformat() not in text
        assert not resident.household.address or resident.household.address not in text
    fields = {name.lower() for schema in document["components"]["schemas"].values() for name in schema["properties"]}
    for forbidden in ("party", "birth", "address", "identity", "complaint", "voter", "household"):
        assert not any(forbidden in name for name in fields), (forbidden, fields)


def test_a_schema_mismatch_is_caught_by_the_validation(client):
    """The check above is real: a body with a wrong type fails it."""
    day = Day()
    sealed(day, (200, 110))
    document = _schema(client)
    body = client.get(reverse("publicapi:campaign_results", kwargs={"pk": day.group_election.campaign.pk})).json()
    body["groups"][0]["result"]["electorate"] = "361"
    with pytest.raises(AssertionError):
        _validate(document, body, "/api/public/campaigns/{pk}/results")


def test_results_csv_one_line_per_candidate(client):
    day = Day(electorate=361, present=314)
    sealed(day, (200, 110))
    response = client.get(reverse("publicview:results_csv", kwargs={"pk": day.group_election.campaign.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["candidate"], r["votes"], r["percent_of_electorate"], r["elected"]) for r in rows] == [
        ("Nguyễn Văn An", "200", "55.40", "1"),
        (day.second.resident.full_name, "110", "30.47", "0"),
    ]
    assert rows[0]["electorate"] == "361" and rows[0]["group_name"] == day.group.name


def test_a_ward_that_turned_its_page_off_publishes_no_data(client):
    day = Day()
    sealed(day, (200, 110))
    campaign = day.group_election.campaign
    PublicResults.objects.update_or_create(campaign=campaign, defaults={"enabled": False})
    cache.clear()
    assert client.get(reverse("publicapi:campaign_results", kwargs={"pk": campaign.pk})).status_code == 404
    assert client.get(reverse("publicview:results_csv", kwargs={"pk": campaign.pk})).status_code == 404
    assert campaign.pk not in [c["id"] for c in client.get(reverse("publicapi:campaigns")).json()]


def test_open_data_is_rate_limited_per_address(client, settings):
    settings.PUBLIC_RATE_LIMIT = 3
    day = Day()
    url = reverse("publicapi:campaign_results", kwargs={"pk": day.group_election.campaign.pk})
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429 and response["Retry-After"] == "60"


def test_the_limit_is_not_dodged_by_a_forged_forwarded_header(client, settings):
    """Behind the reverse proxy the address is the one the proxy saw (accounts.throttle), as for the login:
    writing another X-Forwarded-For in front of it does not buy a fresh allowance."""
    settings.PUBLIC_RATE_LIMIT = 2
    settings.LOGIN_TRUSTED_PROXIES = 1
    day = Day()
    url = reverse("publicapi:campaign_results", kwargs={"pk": day.group_election.campaign.pk})
    statuses = [
        client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    other = client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 200  # another visitor behind the same proxy has their own allowance
