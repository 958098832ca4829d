import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEntry
from config.errors import DomainError
from elections.candidates import services
from elections.candidates.models import Candidate, Complaint, ComplaintAttachment
from elections.models import Stage
from tests.candidates.factories import CandidateFactory, ComplaintFactory, ConsultationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def candidate(group_election, person):
    return CandidateFactory(
        group_election=group_election, resident=person(group_election.group, "Nguyễn Văn An", party=True)
    )


@pytest.fixture
def foreign_candidate(other_election, person):
    return CandidateFactory(group_election=other_election, resident=person(other_election.group, "Võ Văn Khoa"))


# --------------------------------------------------------------------------- pages per role


@pytest.mark.parametrize("role", ["ward", "front", "chairman", "committee", "inspection", "secretary", "team"])
def test_group_page_for_every_role_that_sees_the_group(client_for, users, group_election, candidate, role):
    response = client_for(users[role]).get(reverse("candidates:group", args=[group_election.pk]))
    assert response.status_code == 200
    assert "Nguyễn Văn An" in response.content.decode()


@pytest.mark.parametrize("role", ["secretary", "team"])
def test_group_of_another_cell_is_404(client_for, users, other_election, foreign_candidate, role):
    client = client_for(users[role])
    assert client.get(reverse("candidates:group", args=[other_election.pk])).status_code == 404
    assert client.get(reverse("candidates:candidate", args=[foreign_candidate.pk])).status_code == 404
    assert client.get(reverse("candidates:nominate", args=[other_election.pk])).status_code == 404


def test_overview_lists_groups_and_non_member_leaders(
    client_for, users, group_election, other_election, person, django_assert_max_num_queries
):
    CandidateFactory(
        group_election=group_election,
        resident=person(group_election.group, "Nguyễn Văn An", party=True),
        status="approved",
    )
    CandidateFactory(
        group_election=other_election, resident=person(other_election.group, "Võ Văn Khoa"), status="approved"
    )
    for i in range(5):
        CandidateFactory(group_election=other_election, resident=person(other_election.group, f"Lê Văn Tí {i}"))
    client = client_for(users["ward"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("candidates:overview"))
    html = response.content.decode()
    assert "Tổ dân phố 5" in html and "Tổ dân phố 9" in html
    keep = response.context["non_member_rows"]
    assert [r.group_election.group.code for r in keep] == ["09"]
    # The cell secretary sees only the groups of the cell.
    html = client_for(users["secretary"]).get(reverse("candidates:overview")).content.decode()
    assert "Tổ dân phố 5" in html and "Tổ dân phố 9" not in html and "Võ Văn Khoa" not in html


def test_secretary_nominates_through_the_form(client_for, users, group_election, person):
    meeting = ConsultationFactory(group_election=group_election)
    resident = person(group_election.group, "Hồ Thị Lài")
    client = client_for(users["secretary"])
    page = client.get(reverse("candidates:nominate", args=[group_election.pk]))
    assert "Hồ Thị Lài" in page.content.decode()
    assert page.context["form"]["consultation"].value() == meeting.pk  # the only meeting is chosen already
    response = client.post(
        reverse("candidates:nominate", args=[group_election.pk]),
        {"resident": resident.pk, "source": "front", "consultation": meeting.pk},
    )
    assert response.status_code == 302
    assert Candidate.objects.get().resident == resident


def test_nomination_form_shows_the_refusal_of_a_19_year_old(client_for, users, group_election, person):
    young = person(group_election.group, "Phạm Thị Dung", born=datetime.date(2001, 6, 1))
    response = client_for(users["secretary"]).post(
        reverse("candidates:nominate", args=[group_election.pk]), {"resident": young.pk, "source": "self"}
    )
    assert response.status_code == 200
    assert "Phạm Thị Dung" in str(response.context["form"].errors)
    assert "21" in str(response.context["form"].errors)
    assert not Candidate.objects.exists()


def test_nomination_of_resident_of_another_group_is_refused_with_reason(
    client_for, users, group_election, other_election, person
):
    outsider = person(other_election.group, "Võ Văn Khoa")
    response = client_for(users["ward"]).post(
        reverse("candidates:nominate", args=[group_election.pk]), {"resident": outsider.pk, "source": "floor"}
    )
    assert "Tổ dân phố 9" in str(response.context["form"].errors)
    assert not Candidate.objects.exists()


@pytest.mark.parametrize("role", ["chairman", "committee", "inspection", "team"])
def test_roles_without_nominate_get_403(client_for, users, group_election, role):
    response = client_for(users[role]).get(reverse("candidates:nominate", args=[group_election.pk]))
    assert response.status_code == 403


def test_status_steps_through_the_client(client_for, users, group_election, candidate):
    client = client_for(users["secretary"])
    response = client.post(reverse("candidates:status", args=[candidate.pk, "approve"]))
    assert response.status_code == 403
    client = client_for(users["ward"])
    client.post(reverse("candidates:attest", args=[candidate.pk]), {"meets_health": "1", "note_health": "Tốt"})
    candidate.refresh_from_db()
    assert candidate.status == "under_review"
    response = client.post(reverse("candidates:status", args=[candidate.pk, "approve"]), follow=True)
    assert candidate.resident.full_name in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == "under_review"  # refused: the other criteria are not attested
    client.post(reverse("candidates:status", args=[candidate.pk, "reject"]), {"reason": "Không đạt uy tín"})
    candidate.refresh_from_db()
    assert candidate.status == "rejected" and candidate.status_reason == "Không đạt uy tín"


def test_every_standard_is_vetted_from_one_screen_each_with_its_note(client_for, users, candidate):
    client = client_for(users["ward"])
    page = client.get(reverse("candidates:candidate", args=[candidate.pk])).content.decode()
    for criterion in ("health", "political_moral", "prestige", "example", "capacity"):
        assert f'name="meets_{criterion}"' in page and f'name="note_{criterion}"' in page
    url = reverse("candidates:attest", args=[candidate.pk])
    data = {f"meets_{c}": "1" for c in ("health", "political_moral", "prestige", "example", "capacity")}
    data.update({f"note_{c}": f"Xác minh {c}" for c in ("health", "political_moral", "prestige", "example")})
    # One note missing: the screen comes back with what was typed, the error under that standard, nothing saved.
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Xác minh prestige" in body and "Năng lực, kinh nghiệm" in str(response.context["vetting_form"].errors)
    assert not candidate.attestations.exists()
    data["note_capacity"] = "Xác minh capacity"
    data["meets_example"] = "0"
    response = client.post(url, data, follow=True)
    assert "Đã ghi nhận xác nhận 5 tiêu chuẩn." in response.content.decode()
    assert {a.criterion: a.meets for a in candidate.attestations.all()} == {
        "health": True,
        "political_moral": True,
        "prestige": True,
        "example": False,
        "capacity": True,
    }
    assert AuditEntry.objects.filter(event="candidate_criterion_attested").count() == 5
    # Sent again unchanged: nothing is written; one standard changed: one entry.
    client.post(url, data)
    assert AuditEntry.objects.filter(event="candidate_criterion_attested").count() == 5
    data["meets_example"] = "1"
    client.post(url, data)
    assert AuditEntry.objects.filter(event="candidate_criterion_attested").count() == 6
    assert candidate.attestations.get(criterion="example").meets is True


def test_vetting_with_no_standard_chosen_says_so(client_for, users, candidate):
    response = client_for(users["ward"]).post(reverse("candidates:attest", args=[candidate.pk]), {})
    assert response.status_code == 400
    assert "ít nhất một tiêu chuẩn" in response.content.decode()


# ------------------------------------------------------------------------------ complaints


def test_complaint_queue_per_role(client_for, users, candidate, foreign_candidate):
    ComplaintFactory(candidate=candidate, complainant_name="Lê Thị Hoa")
    ComplaintFactory(candidate=foreign_candidate, complainant_name="Ẩn Danh Không")
    html = client_for(users["inspection"]).get(reverse("candidates:complaints")).content.decode()
    assert "Nguyễn Văn An" in html and "Lê Thị Hoa" in html  # Party member: the Inspection Committee's queue
    assert "Võ Văn Khoa" not in html  # not a Party member: the ward's queue
    html = client_for(users["inspection"]).get(reverse("candidates:complaints") + "?handler=&show=all").content.decode()
    assert "Võ Văn Khoa" in html
    front = client_for(users["front"]).get(reverse("candidates:complaints") + "?handler=").content.decode()
    assert "Nguyễn Văn An" in front and "Lê Thị Hoa" not in front  # no VIEW_COMPLAINANT
    for role in ("secretary", "committee", "team"):
        assert client_for(users[role]).get(reverse("candidates:complaints")).status_code == 403


def test_complainant_identity_only_for_view_complainant(client_for, users, candidate):
    complaint = ComplaintFactory(candidate=candidate, complainant_name="Lê Thị Hoa", complainant_contact="0905 000 111")
    url = reverse("candidates:complaint", args=[complaint.pk])
    for role in ("inspection", "chairman", "ward"):
        assert "0905 000 111" in client_for(users[role]).get(url).content.decode()
    assert "Lê Thị Hoa" not in client_for(users["front"]).get(url).content.decode()
    for role in ("secretary", "committee", "team"):
        assert client_for(users[role]).get(url).status_code == 404


def test_receive_complaint_with_attachments(client_for, users, group_election, candidate, settings):
    client = client_for(users["front"])
    data = {
        "candidate": candidate.pk,
        "kind": "denunciation",
        "received_on": "28/12/2020",
        "channel": "letter",
        "is_anonymous": "on",
        "content": "Nội dung tố cáo",
        "attachments": [SimpleUploadedFile("don.pdf", PDF), SimpleUploadedFile("anh.png", PNG)],
    }
    response = client.post(reverse("candidates:complaint_new", args=[group_election.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    complaint = Complaint.objects.get()
    assert complaint.handler == "inspection" and complaint.is_anonymous
    stored = list(complaint.attachments.order_by("id"))
    assert [a.content_type for a in stored] == ["application/pdf", "image/png"]
    assert all(a.file.path.startswith(str(settings.MEDIA_ROOT)) for a in stored)
    assert not stored[0].file.name.endswith("don.pdf")  # the uploader's name is never the stored name
    assert AuditEntry.objects.filter(event="complaint_attachment_added").count() == 2


def test_attachment_type_is_checked_by_content_and_size(group_election, users, candidate, settings):
    disguised = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 this is an executable")
    with pytest.raises(DomainError) as err:
        services.complaint_receive(
            candidate=candidate,
            received_on=datetime.date(2020, 12, 28),
            channel="letter",
            content="x",
            is_anonymous=True,
            attachments=[disguised],
            actor=users["ward"],
        )
    assert "scan.pdf" in err.value.messages[0]
    assert not Complaint.objects.exists()
    settings.MAX_ATTACHMENT_BYTES = 100
    big = SimpleUploadedFile("to.png", PNG + b"\x00" * 200)
    complaint = ComplaintFactory(candidate=candidate)
    with pytest.raises(DomainError) as err:
        services.complaint_attach(complaint=complaint, upload=big, actor=users["ward"])
    assert "to.png" in err.value.messages[0]
    jpeg = SimpleUploadedFile("anh.txt", b"\xff\xd8\xff\xe0" + b"\x00" * 20)
    assert services.complaint_attach(complaint=complaint, upload=jpeg, actor=users["ward"]).content_type == "image/jpeg"
    with pytest.raises(PermissionDenied):
        services.complaint_attach(complaint=complaint, upload=jpeg, actor=users["secretary"])


def test_attachment_download_is_scoped(client_for, users, candidate, foreign_candidate):
    complaint = ComplaintFactory(candidate=candidate)
    attachment = services.complaint_attach(
        complaint=complaint, upload=SimpleUploadedFile("don.pdf", PDF), actor=users["ward"]
    )
    url = reverse("candidates:attachment", args=[attachment.pk])
    response = client_for(users["inspection"]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    for role in ("secretary", "team", "committee"):
        assert client_for(users[role]).get(url).status_code == 404
    assert ComplaintAttachment.objects.count() == 1


def test_inspection_concludes_through_the_client(client_for, users, candidate):
    complaint = ComplaintFactory(candidate=candidate)
    ward = client_for(users["ward"])
    ward.post(
        reverse("candidates:complaint_step", args=[complaint.pk, "conclude"]), {"findings": "x", "conclusion": "upheld"}
    )
    complaint.refresh_from_db()
    assert complaint.status == "received"
    client = client_for(users["inspection"])
    client.post(reverse("candidates:complaint_step", args=[complaint.pk, "investigate"]), {"note": "Giao xác minh"})
    url = reverse("candidates:complaint_step", args=[complaint.pk, "conclude"])
    # No default conclusion: without one nothing happens.
    page = client.get(reverse("candidates:complaint", args=[complaint.pk])).content.decode()
    assert '<option value="" selected>' in page
    client.post(url, {"findings": "Không có cơ sở", "conclusion": ""})
    # The first POST shows the summary and concludes nothing.
    summary = client.post(url, {"findings": "Không có cơ sở", "conclusion": "not_upheld"})
    assert summary.status_code == 200
    assert "Xác nhận: kết luận" in summary.content.decode() and "Không có cơ sở" in summary.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "investigating"
    client.post(url, {"findings": "Không có cơ sở", "conclusion": "not_upheld", "step": "confirm"})
    complaint.refresh_from_db()
    assert complaint.status == "concluded" and complaint.concluded_by == users["inspection"]


# ----------------------------------------------------------------------------------- papers


def test_papers_through_the_client(client_for, users, group_election, person):
    for name in ["Trần Thị Bình", "Nguyễn Văn Ân"]:
        CandidateFactory(group_election=group_election, resident=person(group_election.group, name), status="approved")
    group_election.stage = Stage.LIST_APPROVED
    group_election.save()
    client = client_for(users["secretary"])
    response = client.get(reverse("candidates:list_pdf", args=[group_election.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert text.index("Nguyễn Văn Ân") < text.index("Trần Thị Bình")
    page = client.get(reverse("candidates:ballots", args=[group_election.pk]))
    assert page.context["form"]["copies"].value() == 3  # 2 households + 5 %, rounded up
    response = client.get(reverse("candidates:ballots", args=[group_election.pk]), {"copies": "4"})
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2
    response = client.get(reverse("candidates:ballots", args=[group_election.pk]), {"copies": "2001"})
    assert response.status_code == 200 and response.context["form"].errors
    assert (
        client_for(users["committee"]).get(reverse("candidates:list_pdf", args=[group_election.pk])).status_code == 403
    )


def test_group_section_template_renders_the_card(rf, users, group_election, candidate):
    from django.template.loader import render_to_string

    html = render_to_string(
        "candidates/_group_section.html",
        {"group_election": group_election, "group": group_election.group, "user": users["secretary"]},
    )
    assert "Nguyễn Văn An" in html and reverse("candidates:nominate", args=[group_election.pk]) in html
    html = render_to_string(
        "candidates/_group_section.html",
        {"group_election": group_election, "group": group_election.group, "user": users["chairman"]},
    )
    assert reverse("candidates:nominate", args=[group_election.pk]) not in html
