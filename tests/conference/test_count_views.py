"""The count, result and recognition pages, per role: who may enter, resolve, seal, correct, decide, print."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from elections.conference.models import Conference
from elections.count.models import Corrigendum, Count, RecognitionDecision, TallyEntry
from elections.count.services.seal import count_seal
from elections.count.services.tally import tally_submit
from elections.models import Stage
from tests.conference.countkit import DAY, Day, fast_passwords, pdf_text  # noqa: F401

pytestmark = pytest.mark.django_db

EN: dict = {}  # English comes from LANGUAGE_CODE below (the interface reads only the switch's cookie)


@pytest.fixture(autouse=True)
def english_interface(settings):
    """These tests read the pages' English wording; PDFs stay Vietnamese by design."""
    settings.LANGUAGE_CODE = "en"


def _url(name, day, **kwargs):
    return reverse(f"count:{name}", kwargs=kwargs or {"pk": day.conference.pk})


def _accept(day, votes=(159, 149)):
    data = day.data(votes)
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)


def _seal(day):
    count_seal(
        conference=day.conference,
        actor=day.head,
        witness_1=day.elector(1),
        witness_2=day.elector(2),
        count_ended_at=DAY + datetime.timedelta(hours=3),
    )


def test_a_member_enters_and_the_second_member_does_not_see_the_figures(client_for):
    day = Day(electorate=361, present=314)
    data = day.data((159, 140), invalid={"no_stamp": 15})
    client = client_for(day.member_a)
    page = client.get(_url("count_entry", day), **EN)
    assert page.status_code == 200
    assert f'name="vote_{day.first.pk}"' in page.content.decode()
    response = client.post(_url("count_entry", day), day.form_data(data), **EN)
    assert response.status_code == 302
    assert TallyEntry.objects.filter(conference=day.conference, entered_by=day.member_a).exists()

    other = client_for(day.member_b)
    page = other.get(_url("count_entry", day), **EN).content.decode()
    assert 'value="159"' not in page and 'value="140"' not in page
    assert "One member has entered the count" in page
    response = other.post(_url("count_entry", day), day.form_data(data), **EN)
    assert response.status_code == 302 and response.url == _url("result", day)
    assert Count.objects.filter(conference=day.conference).exists()


def test_a_double_click_records_one_entry(client_for):
    day = Day()
    client = client_for(day.member_a)
    form = day.form_data(day.data((159, 140)))
    assert client.post(_url("count_entry", day), form).status_code == 302
    assert client.post(_url("count_entry", day), form).status_code == 302
    assert TallyEntry.objects.filter(conference=day.conference).count() == 1


def test_figures_that_do_not_add_up_are_shown_on_the_field_and_nothing_is_saved(client_for):
    day = Day(electorate=361, present=314)
    form = day.form_data(day.data((159, 140), issued=320, returned=299))
    response = client_for(day.member_a).post(_url("count_entry", day), form, **EN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ballots issued (320) cannot exceed voters present (314)." in body
    assert "invalid-feedback" in body
    assert not TallyEntry.objects.exists()


@pytest.mark.parametrize("role", [Role.WARD_OFFICIAL, Role.CHAIRMAN, Role.FRONT_OFFICIAL])
def test_ward_staff_cannot_enter_a_count(client_for, role):
    day = Day()
    client = client_for(day.official(role))
    assert client.get(_url("count_entry", day)).status_code == 403
    assert client.post(_url("count_entry", day), day.form_data(day.data((1, 1)))).status_code == 403
    assert not TallyEntry.objects.exists()


def test_a_team_member_of_another_group_gets_404_everywhere(client_for):
    day = Day()
    other = Day(campaign=day.group_election.campaign)
    client = client_for(other.member_a)
    for name in ("count_entry", "count_compare", "result", "seal", "correct", "count_record_pdf"):
        assert client.get(_url(name, day)).status_code == 404, name
    assert client.post(_url("count_resolve", day), {}).status_code == 404
    ge = {"ge_pk": day.group_election.pk}
    assert client.get(reverse("count:decision_pdf", kwargs=ge)).status_code == 404
    assert client.get(reverse("count:decision_create", kwargs=ge)).status_code == 404


def test_the_compare_page_shows_only_the_differing_fields_to_the_head(client_for):
    day = Day()
    tally_submit(conference=day.conference, actor=day.member_a, data=day.data((159, 140)))
    tally_submit(conference=day.conference, actor=day.member_b, data=day.data((158, 141)))
    assert client_for(day.member_a).get(_url("count_compare", day)).status_code == 403
    client = client_for(day.head)
    body = client.get(_url("count_compare", day), **EN).content.decode()
    assert "Votes for Nguyễn Văn An" in body and "Votes for Trần Thị Bình" in body
    assert "Ballots issued" not in body and "Valid ballots" not in body
    # The note is required; nothing is accepted without it.
    response = client.post(
        _url("count_resolve", day), {f"vote_{day.first.pk}": "159", f"vote_{day.second.pk}": "140", "note": ""}, **EN
    )
    assert response.status_code == 200
    assert not Count.objects.exists()
    response = client.post(
        _url("count_resolve", day),
        {f"vote_{day.first.pk}": "159", f"vote_{day.second.pk}": "140", "note": "Kiểm lại phiếu."},
    )
    assert response.status_code == 302
    count = Count.objects.get(conference=day.conference)
    assert count.method == Count.Method.RESOLVED and count.resolution_note == "Kiểm lại phiếu."


def test_the_result_page_says_nobody_is_elected_with_44_04_percent(client_for):
    day = Day(electorate=361, present=314)
    _accept(day)
    body = client_for(day.official()).get(_url("result", day), **EN).content.decode()
    assert "Nobody is elected" in body
    assert "44,04%" in body
    assert "Nguyễn Văn An" in body and "159" in body
    assert "badge text-bg-success" not in body


def test_the_result_page_names_the_elected_leader_and_the_recognition_deadline(client_for):
    day = Day(electorate=361, present=340)
    _accept(day, (200, 120))
    _seal(day)
    body = client_for(day.official(Role.CHAIRMAN)).get(_url("result", day), **EN).content.decode()
    assert "is elected" in body and "55,40%" in body
    assert "To be issued by 15/01/2021." in body
    assert reverse("count:decision_create", kwargs={"ge_pk": day.group_election.pk}) in body


def test_the_head_seals_through_the_page(client_for):
    day = Day(electorate=361, present=340)
    _accept(day, (200, 120))
    assert client_for(day.member_a).get(_url("seal", day)).status_code == 403
    client = client_for(day.head)
    assert client.get(_url("seal", day)).status_code == 200
    data = {
        "witness_1": day.elector(3).pk,
        "witness_2": day.elector(4).pk,
        "count_started_at": "10/01/2021 09:50",
        "count_ended_at": "10/01/2021 10:30",
        "complaints": "",
    }
    # Irreversible: the first POST shows what will be sealed and seals nothing.
    summary = client.post(_url("seal", day), data, **EN)
    assert summary.status_code == 200
    assert "Confirm: seal" in summary.content.decode() and "10/01/2021 10:30" in summary.content.decode()
    assert Conference.objects.get(pk=day.conference.pk).status == Conference.Status.COUNTED  # not sealed
    response = client.post(_url("seal", day), {**data, "step": "confirm"})
    assert response.status_code == 302
    day.group_election.refresh_from_db()
    assert day.group_election.stage == Stage.ELECTED
    assert Conference.objects.get(pk=day.conference.pk).status == Conference.Status.SEALED


def test_only_a_ward_official_corrects_a_sealed_count(client_for):
    day = Day(electorate=361, present=340)
    _accept(day, (200, 120))
    _seal(day)
    assert client_for(day.head).get(_url("correct", day)).status_code == 403
    assert client_for(day.official(Role.CHAIRMAN)).get(_url("correct", day)).status_code == 403
    client = client_for(day.official())
    assert client.get(_url("correct", day)).status_code == 200
    form = day.form_data(day.data((201, 119)))
    form |= {"present": "340", "reason": "Cộng nhầm."}
    assert client.post(_url("correct", day), form).status_code == 302
    assert Corrigendum.objects.filter(count__conference=day.conference).count() == 1


def test_a_ward_official_schedules_the_revote_from_the_result_page(client_for):
    day = Day(electorate=361, present=314)
    _accept(day)
    _seal(day)
    assert client_for(day.head).post(_url("revote", day), {}).status_code == 403
    client = client_for(day.official())
    body = client.get(_url("result", day), **EN).content.decode()
    assert "A new vote must be held by 25/01/2021." in body
    response = client.post(_url("revote", day), {"scheduled_at": "30/01/2021 08:00", "venue": "Nhà văn hóa"}, **EN)
    assert response.status_code == 200  # too late: refused with the reason
    assert "25/01/2021" in response.content.decode()
    response = client.post(_url("revote", day), {"scheduled_at": "20/01/2021 08:00", "venue": "Nhà văn hóa"})
    assert response.status_code == 302
    assert day.group_election.conferences.count() == 2


def test_only_the_chairman_issues_the_decision_and_everyone_may_print_it(client_for):
    day = Day(electorate=361, present=340)
    _accept(day, (200, 120))
    _seal(day)
    url = reverse("count:decision_create", kwargs={"ge_pk": day.group_election.pk})
    assert client_for(day.official()).get(url).status_code == 403
    assert client_for(day.head).get(url).status_code == 403
    client = client_for(day.official(Role.CHAIRMAN, full_name="Lê Quang Vinh"))
    assert client.get(url).status_code == 200
    data = {"number": "5", "decision_date": "13/01/2021", "proposer": "Tổ trưởng Tổ bầu cử", "recipients": "Như Điều 3"}
    summary = client.post(url, data, **EN)
    assert summary.status_code == 200 and "Confirm: issue the decision" in summary.content.decode()
    assert "13/01/2021" in summary.content.decode()
    assert not RecognitionDecision.objects.filter(group_election=day.group_election).exists()
    response = client.post(url, {**data, "step": "confirm"})
    assert response.status_code == 302
    assert RecognitionDecision.objects.filter(group_election=day.group_election).exists()
    pdf = client_for(day.member_a).get(reverse("count:decision_pdf", kwargs={"ge_pk": day.group_election.pk}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "Số: 05/QĐ-UBND" in pdf_text(pdf.content)


def test_the_count_record_downloads_for_those_who_print(client_for):
    day = Day(electorate=361, present=314)
    _accept(day)
    response = client_for(day.official()).get(_url("count_record_pdf", day))
    assert response.status_code == 200
    assert "44,04%" in pdf_text(response.content)
    committee = day.official(Role.COMMITTEE_MEMBER)
    assert client_for(committee).get(_url("count_record_pdf", day)).status_code == 403


def test_the_results_list_is_scoped_and_takes_few_queries(client_for, django_assert_max_num_queries):
    day = Day(electorate=361, present=314)
    _accept(day)
    for _ in range(3):
        other = Day(campaign=day.group_election.campaign)
        _accept(other, (200, 100))
    client = client_for(day.official())
    with django_assert_max_num_queries(15):
        body = client.get(reverse("count:results"), **EN).content.decode()
    assert body.count("44,04%") == 1
    body = client_for(day.member_a).get(reverse("count:results"), **EN).content.decode()
    assert day.group.name in body and other.group.name not in body


def test_the_group_page_shows_the_result_and_the_recognition_deadline(client_for):
    day = Day(electorate=361, present=340)
    _accept(day, (200, 120))
    _seal(day)
    url = reverse("elections:group_election_detail", kwargs={"pk": day.group_election.pk})
    body = client_for(day.official(Role.CHAIRMAN)).get(url, **EN).content.decode()
    assert "Nguyễn Văn An is elected with 200 votes, 55,40% of the whole electorate." in body
    assert "To be issued by 15/01/2021." in body
    assert reverse("count:decision_create", kwargs={"ge_pk": day.group_election.pk}) in body


def test_the_results_list_offers_the_chairman_the_decision_of_an_elected_group(client_for):
    day = Day(electorate=361, present=340)
    _accept(day, (200, 120))
    _seal(day)
    create = reverse("count:decision_create", kwargs={"ge_pk": day.group_election.pk})
    body = client_for(day.official(Role.CHAIRMAN)).get(reverse("count:results"), **EN).content.decode()
    assert create in body
    body = client_for(day.official()).get(reverse("count:results"), **EN).content.decode()
    assert create not in body  # a ward official does not sign decisions
