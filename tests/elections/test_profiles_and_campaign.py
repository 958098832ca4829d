"""Legal profiles shipped as data, editable and audited; campaigns with one election per group."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from config.errors import DomainError
from elections.models import Campaign, GroupElection, LegalProfile, Stage
from elections.services import campaign_create, campaign_update, legal_profile_update
from tests.elections.conftest import ELECTION_DAY
from tests.factories import ResidentialGroupFactory, WardFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_two_profiles_are_shipped_by_the_data_migration():
    p2021 = LegalProfile.objects.get(code="2021")
    p2023 = LegalProfile.objects.get(code="2023")
    assert (p2021.plan_days_before, p2021.candidate_list_days_before, p2021.team_decision_days_before) == (20, 15, 10)
    assert (p2021.posting_days_before, p2021.revote_within_days, p2021.recognition_working_days) == (7, 15, 5)
    assert p2021.quorum_percent == Decimal("50") and p2021.winning_percent == Decimal("50")
    assert (p2021.min_candidates, p2021.max_candidates, p2021.min_candidate_age, p2021.term_months) == (1, 2, 21, 30)
    assert p2021.decision_authority == "chairman" and p2021.count_board_min is None
    lines = p2021.legal_basis.splitlines()
    assert lines[0] == "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    for cited in ("34/2007/PL-UBTVQH11", "09/2008/NQLT-CP-UBTWMTTQVN", "04/2012/TT-BNV", "14/2018/TT-BNV"):
        assert any(cited in line for line in lines), cited
    # The unconfirmed 2021 figures say so.
    assert "Chưa xác nhận" in p2021.notes
    for figure in ("7 ngày", "15 ngày", "5 ngày làm việc"):
        assert figure in p2021.notes
    assert (p2023.count_board_min, p2023.count_board_max) == (3, 5)
    assert p2023.decision_authority == "committee"
    assert "10/2022/QH15" in p2023.legal_basis and "59/2023/NĐ-CP" in p2023.legal_basis


def test_profile_edit_is_audited_and_checked(make_user):
    official = make_user(Role.WARD_OFFICIAL)
    profile = LegalProfile.objects.get(code="2021")
    legal_profile_update(profile=profile, actor=official, data={"posting_days_before": 5, "notes": profile.notes})
    profile.refresh_from_db()
    assert profile.posting_days_before == 5
    entry = AuditEntry.objects.get(event="legal_profile_updated")
    assert entry.before == {"posting_days_before": 7} and entry.after == {"posting_days_before": 5}
    assert entry.actor == official

    with pytest.raises(DomainError) as refused:
        legal_profile_update(profile=profile, actor=official, data={"min_candidates": 3, "max_candidates": 2})
    assert "(3)" in refused.value.messages[0] and "(2)" in refused.value.messages[0]
    profile.refresh_from_db()
    assert (profile.min_candidates, profile.max_candidates) == (1, 2)

    with pytest.raises(PermissionDenied):
        legal_profile_update(profile=profile, actor=make_user(Role.CHAIRMAN), data={"posting_days_before": 9})


def test_profile_pages_per_role(make_user, client_for):
    profile = LegalProfile.objects.get(code="2023")
    official = make_user(Role.WARD_OFFICIAL)
    page = client_for(official).get(reverse("elections:profile_list"))
    assert page.status_code == 200
    assert "59/2023/NĐ-CP" in page.content.decode()
    url = reverse("elections:profile_edit", args=[profile.pk])
    data = {f: getattr(profile, f) for f in ("name", "legal_basis", "notes", "decision_authority")}
    for f in (
        "plan_days_before", "candidate_list_days_before", "team_decision_days_before", "posting_days_before",
        "quorum_percent", "winning_percent", "revote_within_days", "recognition_working_days", "min_candidates",
        "max_candidates", "min_candidate_age", "count_board_min", "count_board_max", "term_months",
    ):  # fmt: skip
        data[f] = getattr(profile, f)
    data["revote_within_days"] = 20
    response = client_for(official).post(url, data)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.revote_within_days == 20
    data["count_board_max"] = ""
    response = client_for(official).post(url, data)
    assert response.status_code == 200
    assert "Count board" in response.content.decode() or "Ban kiểm phiếu" in response.content.decode()
    assert LegalProfile.objects.get(pk=profile.pk).count_board_max == 5
    secretary = make_user(Role.CELL_SECRETARY)
    assert client_for(secretary).get(url).status_code == 403
    assert client_for(secretary).get(reverse("elections:profile_list")).status_code == 403


def test_campaign_create_opens_every_group_and_is_audited(ward, make_user):
    groups = [ResidentialGroupFactory(ward=ward, code=f"{n:02d}") for n in (1, 2, 3)]
    official = make_user(Role.WARD_OFFICIAL)
    old = campaign_create(
        actor=official,
        ward=ward,
        label="2018-2020",
        term_start=datetime.date(2018, 7, 1),
        term_end=datetime.date(2020, 12, 31),
        election_day=datetime.date(2018, 6, 30),
        legal_profile=LegalProfile.objects.get(code="2021"),
    )
    campaign = campaign_create(
        actor=official,
        ward=ward,
        label="2021-2023",
        term_start=ELECTION_DAY,
        term_end=datetime.date(2023, 7, 10),
        election_day=ELECTION_DAY,
        legal_profile=LegalProfile.objects.get(code="2021"),
    )
    elections = GroupElection.objects.filter(campaign=campaign)
    assert sorted(elections.values_list("group__code", flat=True)) == ["01", "02", "03"]
    assert set(elections.values_list("stage", flat=True)) == {Stage.PLANNED}
    old.refresh_from_db()
    assert campaign.is_current and not old.is_current
    assert AuditEntry.objects.filter(event="campaign_created").count() == 2
    assert AuditEntry.objects.filter(event="group_election_opened", group=groups[0]).count() == 2
    demoted = AuditEntry.objects.get(event="campaign_updated", object_id=str(old.pk))
    assert demoted.before == {"is_current": True} and demoted.after == {"is_current": False}

    with pytest.raises(DomainError) as duplicate:
        campaign_create(
            actor=official,
            ward=ward,
            label="2021-2023",
            term_start=ELECTION_DAY,
            term_end=datetime.date(2023, 7, 10),
            election_day=ELECTION_DAY,
            legal_profile=LegalProfile.objects.get(code="2021"),
        )
    assert "2021-2023" in duplicate.value.messages[0]
    with pytest.raises(DomainError) as order:
        campaign_update(campaign=campaign, actor=official, data={"term_end": datetime.date(2020, 1, 1)})
    assert order.value.field == "term_end" and "01/01/2020" in order.value.messages[0]
    # A group added later gets its election when the campaign is saved.
    ResidentialGroupFactory(ward=ward, code="04")
    campaign_update(campaign=campaign, actor=official, data={"election_day": datetime.date(2021, 1, 17)})
    assert campaign.group_elections.count() == 4
    entry = AuditEntry.objects.filter(event="campaign_updated", object_id=str(campaign.pk)).first()
    assert entry.before == {"election_day": "2021-01-10"} and entry.after == {"election_day": "2021-01-17"}


def test_campaign_pages_per_role(hx, client_for, make_user):
    url = reverse("elections:campaign_detail", args=[hx.campaign.pk])
    page = client_for(hx.chairman).get(url).content.decode()
    assert "10/01/2021" in page and "Tổ dân phố 1" in page and "Tổ dân phố 3" in page
    assert reverse("elections:campaign_edit", args=[hx.campaign.pk]) not in page
    secretary_page = client_for(hx.secretary).get(url).content.decode()
    assert "Tổ dân phố 1" in secretary_page and "Tổ dân phố 3" not in secretary_page  # cell 1 only
    assert client_for(hx.official).get(reverse("elections:campaign_list")).status_code == 200
    assert client_for(hx.official).get(reverse("elections:campaign_current")).url == url
    # Another ward's user gets a 404.
    stranger = user_with_role(Role.WARD_OFFICIAL, ward=WardFactory(name="Hương Vân"))
    assert client_for(stranger).get(url).status_code == 404
    # Create and edit through the form: ward staff only.
    assert client_for(hx.chairman).get(reverse("elections:campaign_create")).status_code == 403
    assert client_for(hx.secretary).post(reverse("elections:campaign_edit", args=[hx.campaign.pk])).status_code == 403
    form = {
        "label": "2021-2023",
        "previous_term_label": "2018-2020",
        "term_start": "10/01/2021",
        "term_end": "09/07/2023",
        "election_day": "10/01/2021",
        "electorate_mode": Campaign.Electorate.HOUSEHOLD_REPS,
        "legal_profile": LegalProfile.objects.get(code="2021").pk,
        "is_current": "on",
    }
    response = client_for(hx.front).post(reverse("elections:campaign_edit", args=[hx.campaign.pk]), form)
    assert response.status_code == 302
    hx.campaign.refresh_from_db()
    assert hx.campaign.term_end == datetime.date(2023, 7, 9)
    new = {
        **form,
        "label": "2024-2026",
        "term_start": "01/01/2024",
        "term_end": "31/12/2026",
        "election_day": "10/12/2023",
    }
    response = client_for(hx.official).post(reverse("elections:campaign_create"), new)
    created = Campaign.objects.get(label="2024-2026")
    assert response.url == reverse("elections:campaign_detail", args=[created.pk])
    assert created.group_elections.count() == 3


def test_profile_list_offers_edit_only_for_profiles_no_other_ward_uses(make_user, client_for):
    from tests.factories import CampaignFactory, WardFactory

    shared = LegalProfile.objects.get(code="2021")
    own = LegalProfile.objects.get(code="2023")
    CampaignFactory(ward=WardFactory(name="Hương Chữ"), legal_profile=shared)
    official = make_user(Role.WARD_OFFICIAL)
    client = client_for(official)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("elections:profile_list")).content.decode()
    assert reverse("elections:profile_edit", args=[own.pk]) in body
    assert reverse("elections:profile_edit", args=[shared.pk]) not in body
    assert "only the system administrator may change it" in body


def test_profile_fields_and_bounds_are_the_rules_own():
    """Each fact once: the model has a column per rule, and the rules, the service and the database agree
    that a threshold is from 0 to under 100 ("more than 100 %" could never be met)."""
    from django.db import IntegrityError, transaction

    from elections.rules import PROFILE_2021, RULE_FIELDS, ProfileRules
    from elections.services.campaigns import PROFILE_FIELDS

    columns = {f.name for f in LegalProfile._meta.get_fields()}
    assert set(RULE_FIELDS) <= columns and set(RULE_FIELDS) <= set(PROFILE_FIELDS)
    assert ProfileRules(winning_percent=Decimal("99.99")).winning_percent == Decimal("99.99")
    with pytest.raises(ValueError):
        ProfileRules(quorum_percent=Decimal(100))
    profile = LegalProfile.objects.get(code="2021")
    assert profile.rules() == PROFILE_2021
    with transaction.atomic(), pytest.raises(IntegrityError):
        LegalProfile.objects.filter(pk=profile.pk).update(quorum_percent=Decimal(100))
