"""The term-report pages through the client, per role: scope, the workflow buttons, the compilation."""

import pytest
from django.template.loader import render_to_string
from django.test.client import RequestFactory
from django.urls import reverse

from accounts.models import Role
from elections.termreports import services
from elections.termreports.models import TermReport
from tests.factories import GroupElectionFactory, ResidentialGroupFactory
from tests.termreports.factories import COMPLETE, LeaderTermFactory, populate

pytestmark = pytest.mark.django_db


def url(name, ge=None):
    return reverse(f"termreports:{name}", args=[ge.pk] if ge is not None else [])


def form_data(**overrides):
    data = {**COMPLETE, **overrides}
    data["report_date"] = data["report_date"].strftime("%d/%m/%Y")
    return data


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def accepted(ge, secretary, official):
    report = services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE)
    report = services.term_report_submit(report=report, actor=secretary)
    report = services.term_report_review(report=report, actor=secretary)
    return services.term_report_accept(report=report, actor=official)


def test_the_done_when_path_through_the_pages(client_for, ge, secretary, official):
    """A cell secretary drafts and submits; the ward official returns it with a comment, then accepts it."""
    client = client_for(secretary)
    page = client.get(url("edit", ge))
    assert page.status_code == 200
    assert "Hoàng Văn Lực" in page.content.decode()  # the leader comes from the register, not typed
    assert "leader_name" not in page.context["form"].fields
    response = client.post(url("edit", ge), form_data(lessons=""), follow=True)
    report = TermReport.objects.get()
    assert report.status == TermReport.Status.DRAFT and report.lessons == ""
    response = client.post(url("submit", ge), follow=True)
    assert any("các mục còn để trống: bài học kinh nghiệm" in m for m in messages_of(response))
    client.post(url("edit", ge), {**form_data(), "submit": "1"})
    report.refresh_from_db()
    assert report.status == TermReport.Status.SUBMITTED
    client.post(url("review", ge), {"comment": "Đạt."})
    report.refresh_from_db()
    assert report.status == TermReport.Status.REVIEWED

    client = client_for(official)
    page = client.get(url("detail", ge))
    assert page.context["perms"].accept and page.context["perms"].send_back
    client.post(url("return", ge), {"comment": "Bổ sung số hộ nghèo đầu nhiệm kỳ."})
    report.refresh_from_db()
    assert report.status == TermReport.Status.DRAFT

    client = client_for(secretary)
    page = client.get(url("detail", ge))
    assert "Bổ sung số hộ nghèo đầu nhiệm kỳ." in page.content.decode()
    client.post(url("edit", ge), {**form_data(welfare="Đầu nhiệm kỳ 9 hộ nghèo, cuối nhiệm kỳ 4 hộ."), "submit": "1"})
    client.post(url("review", ge), {"comment": ""})

    client = client_for(official)
    response = client.post(url("accept", ge), {"comment": ""}, follow=True)
    report.refresh_from_db()
    assert report.status == TermReport.Status.ACCEPTED
    assert report.welfare.startswith("Đầu nhiệm kỳ 9 hộ nghèo")
    assert response.context["blocker"] is None


def test_returning_without_a_comment_is_refused_with_a_message(client_for, ge, secretary):
    report = services.term_report_submit(
        report=services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE), actor=secretary
    )
    response = client_for(secretary).post(url("return", ge), {"comment": ""}, follow=True)
    assert any(m.startswith("Ý kiến: cần ghi rõ nội dung phải sửa đổi") for m in messages_of(response))
    report.refresh_from_db()
    assert report.status == TermReport.Status.SUBMITTED


def test_secretary_of_another_cell_gets_404_everywhere(client_for, ge, secretary, other_secretary):
    services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE)
    client = client_for(other_secretary)
    for name in ("detail", "edit", "pdf", "override"):
        assert client.get(url(name, ge)).status_code == 404, name
    for name in ("submit", "review", "accept", "return", "override_withdraw"):
        assert client.post(url(name, ge), {"comment": "x"}).status_code == 404, name
    assert TermReport.objects.get().status == TermReport.Status.DRAFT


def test_team_member_may_read_but_not_write(client_for, ge, secretary, team_member):
    services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE)
    client = client_for(team_member)
    page = client.get(url("detail", ge))
    assert page.status_code == 200
    assert not page.context["perms"].write and not page.context["perms"].any_action
    assert client.get(url("edit", ge)).status_code == 403
    assert client.post(url("edit", ge), form_data()).status_code == 403
    assert client.post(url("submit", ge)).status_code == 403
    assert TermReport.objects.get().status == TermReport.Status.DRAFT


def test_ward_official_cannot_review_and_secretary_cannot_accept_through_the_pages(client_for, ge, secretary, official):
    report = services.term_report_submit(
        report=services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE), actor=secretary
    )
    assert client_for(official).post(url("review", ge)).status_code == 403
    services.term_report_review(report=report, actor=secretary)
    assert client_for(secretary).post(url("accept", ge)).status_code == 403
    report.refresh_from_db()
    assert report.status == TermReport.Status.REVIEWED


def test_override_page(client_for, ge, official, secretary):
    assert client_for(secretary).get(url("override", ge)).status_code == 403
    client = client_for(official)
    response = client.post(url("override", ge), {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(url("override", ge), {"reason": "Tổ trưởng nằm viện."}, follow=True)
    ge.refresh_from_db()
    assert ge.report_override_reason == "Tổ trưởng nằm viện."
    assert response.context["blocker"] is None
    assert "Tổ trưởng nằm viện." in response.content.decode()
    client.post(url("override_withdraw", ge))
    ge.refresh_from_db()
    assert ge.report_override_reason == ""


def test_report_pdf_download(client_for, ge, secretary):
    services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE)
    response = client_for(secretary).get(url("pdf", ge))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_no_report_yet_gives_404_for_the_pdf(client_for, ge, official):
    assert client_for(official).get(url("pdf", ge)).status_code == 404


# ---------------------------------------------------------------- the compilation


def test_compilation_per_role(client_for, ge, other_ge, secretary, official, make_user, team_member):
    accepted(ge, secretary, official)
    page = client_for(official).get(url("compilation"))
    rows = page.context["compilation"].rows
    assert [r.group.code for r in rows] == ["05", "07"]
    assert rows[0].status == "accepted" and rows[1].status == "none"
    assert page.context["compilation"].totals["households"] == 3
    assert page.context["can_print"]
    page = client_for(secretary).get(url("compilation"))
    assert [r.group.code for r in page.context["compilation"].rows] == ["05"]
    assert not page.context["can_print"]
    committee = make_user(Role.COMMITTEE_MEMBER)
    page = client_for(committee).get(url("compilation"))
    assert len(page.context["compilation"].rows) == 2
    assert client_for(committee).get(url("compilation_pdf")).status_code == 200
    assert client_for(secretary).get(url("compilation_pdf")).status_code == 403
    assert client_for(team_member).get(url("compilation_pdf")).status_code == 403


def _groups(ward, campaign, count):
    for index in range(count):
        group = ResidentialGroupFactory(ward=ward, code=f"{index + 1:02d}", name=f"Tổ dân phố {index + 1}")
        populate(group, households=2, per_household=2, party_members=1)
        LeaderTermFactory(group=group, full_name=f"Tổ trưởng {index + 1}")
        GroupElectionFactory(campaign=campaign, group=group)


# session, user, campaign, the ONE query of all rows, the footer's ward, the navbar's count of unread
# notices (no request-wide transaction)
COMPILATION_QUERIES = 6


@pytest.mark.parametrize("count", [3, 12])
def test_compilation_query_count_does_not_grow_with_groups(
    client_for, ward, campaign, make_user, count, django_assert_num_queries
):
    _groups(ward, campaign, count)
    official = make_user(Role.WARD_OFFICIAL)
    writer = make_user(Role.FRONT_OFFICIAL)
    for ge in campaign.group_elections.all()[: count // 2]:
        services.term_report_submit(
            report=services.term_report_save(group_election=ge, actor=writer, data=COMPLETE), actor=writer
        )
    client = client_for(official)
    with django_assert_num_queries(COMPILATION_QUERIES):
        page = client.get(url("compilation"))
    compilation = page.context["compilation"]
    assert len(compilation.rows) == count
    assert compilation.totals == {"households": 2 * count, "residents": 4 * count, "party_members": count}
    assert compilation.status_counts == {"submitted": count // 2, "none": count - count // 2}
    assert [r.group.code for r in compilation.rows] == sorted(r.group.code for r in compilation.rows)
    assert all(r.leader.startswith("Tổ trưởng") for r in compilation.rows)


def test_compilation_shows_frozen_figures_for_submitted_reports(client_for, ge, secretary, official, group):
    accepted(ge, secretary, official)
    populate(group, households=2, per_household=1, party_members=0)  # the register grows after acceptance
    row = client_for(official).get(url("compilation")).context["compilation"].rows[0]
    assert row.figures_frozen and row.households == 3


# ---------------------------------------------------------------- the card on the group-election page


def test_group_section_card(ge, secretary, official):
    request = RequestFactory().get("/")
    request.user = secretary
    html = render_to_string(
        "termreports/_group_section.html", {"group_election": ge, "group": ge.group, "user": secretary}, request
    )
    assert url("edit", ge) in html and url("detail", ge) in html
    report = services.term_report_submit(
        report=services.term_report_save(group_election=ge, actor=secretary, data=COMPLETE), actor=secretary
    )
    html = render_to_string(
        "termreports/_group_section.html", {"group_election": ge, "group": ge.group, "user": secretary}, request
    )
    assert url("review", ge) in html and url("edit", ge) not in html
    services.term_report_review(report=report, actor=secretary)
    request.user = official
    html = render_to_string(
        "termreports/_group_section.html", {"group_election": ge, "group": ge.group, "user": official}, request
    )
    assert url("accept", ge) in html and url("pdf", ge) in html


def test_nav_link_only_for_roles_that_use_it(client_for, ge, secretary, make_user):
    link = url("compilation")
    page = client_for(secretary).get(url("detail", ge))
    assert f'href="{link}"' in page.content.decode()
    team = make_user(Role.TEAM_MEMBER, group=ge.group)
    page = client_for(team).get(url("detail", ge))
    assert f'href="{link}"' not in page.content.decode().split("<main")[0]


def test_report_text_is_escaped_and_split_into_paragraphs(client_for, ge, secretary):
    services.term_report_save(
        group_election=ge, actor=secretary, data={"situation": "Dòng một <script>alert(1)</script>\n\nDòng hai"}
    )
    html = client_for(secretary).get(url("detail", ge)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<p>Dòng một &lt;script&gt;alert(1)&lt;/script&gt;</p><p>Dòng hai</p>" in html


def test_submitting_with_empty_sections_marks_each_in_place_and_keeps_the_draft(client_for, ge, secretary):
    client = client_for(secretary)
    page = client.get(url("edit", ge)).content.decode()
    # Only the date's format is a placeholder: the hints are above the boxes, not grey text inside them.
    assert page.count('placeholder="') == 1
    assert 'id="id_lessons-hint"' in page and 'aria-describedby="id_lessons-hint"' in page
    response = client.post(url("edit", ge), {**form_data(lessons="", causes="  "), "submit": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    form = response.context["form"]
    assert form.errors["lessons"] == ["Cần viết mục này trước khi gửi báo cáo."]
    assert form.errors["causes"] == ["Cần viết mục này trước khi gửi báo cáo."]
    assert set(form.errors) == {"lessons", "causes", "__all__"}
    assert "Còn 2 mục để trống, được đánh dấu bên dưới." in body
    assert 'aria-invalid="true"' in body and 'id="id_lessons-error"' in body
    assert COMPLETE["welfare"] in body  # what was typed stays on the form
    report = TermReport.objects.get()
    assert report.status == TermReport.Status.DRAFT and report.welfare == COMPLETE["welfare"]
