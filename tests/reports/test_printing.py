"""Batch printing: one PDF for every group, in the background, with the failing groups listed."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from config.errors import DomainError
from elections.candidates.models import Candidate
from papers.kinds import available_kinds, get_kind, produce, register_kind
from papers.models import PrintJob
from papers.pdf import render_pdf
from papers.runner import print_job_run
from papers.services import print_job_request
from tests.factories import user_with_role
from tests.reports.conftest import city_user, pdf_text

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


@register_kind("test_notice", "Test notice")
def _test_notice(group_election, options: dict) -> bytes:
    """A one-page paper per group, refused for group 02 (as a missing candidate list would be)."""
    if group_election.group.code == "02":
        raise DomainError("Chưa có người ứng cử được duyệt.")
    return render_pdf(
        template_name="papers/sample_notice.html",
        context={
            "issuing_body": group_election.group.name.upper(),
            "superior_body": "UBND PHƯỜNG",
            "place": "Hương Xuân",
            "doc_date": None,
            "doc_number": "",
            "group_name": group_election.group.name,
            "term": "2021-2023",
            "meeting_date": None,
            "signer_title": "TRƯỞNG BAN",
            "signer_name": "",
            "members": [],
        },
    )


@pytest.fixture
def small_city(db):
    from reports.synthetic_city import build_city

    return build_city(groups=4, households=2, name="Bốn tổ")


def test_registry_offers_the_papers_of_the_other_apps():
    codes = {k.code for k in available_kinds()}
    assert {"ballots", "candidate_lists", "voter_lists", "sign_in_sheets", "minutes", "recognition_decisions"} <= codes
    assert get_kind("ballots").takes_copies


def test_job_prints_every_group_but_the_failing_one(small_city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    user = city_user(small_city)
    job = print_job_request(user=user, campaign=small_city.campaigns.get(), kind="test_notice")
    job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE
    assert (job.total, job.done, job.printed) == (4, 4, 3)
    assert job.pages >= 3
    assert job.errors == [{"group": "Tổ dân phố 2", "code": "02", "message": "Chưa có người ứng cử được duyệt."}]
    text = pdf_text(job.file.read())
    assert "TỔ DÂN PHỐ 1" in text and "TỔ DÂN PHỐ 4" in text and "TỔ DÂN PHỐ 2" not in text


def test_job_with_no_printable_group_fails_clearly(small_city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    user = city_user(small_city)
    cell = small_city.party_cells.order_by("pk")[0]  # groups 01-03; only 02 is refused... use the ballots
    Candidate.objects.filter(group_election__campaign__ward=small_city).update(status=Candidate.Status.NOMINATED)
    job = print_job_request(user=user, campaign=small_city.campaigns.get(), kind="ballots", copies=2, party_cell=cell)
    job.refresh_from_db()
    assert job.status == PrintJob.Status.FAILED
    assert job.failure
    assert len(job.errors) == job.total == 3
    assert all(e["message"] for e in job.errors)


def test_request_refuses_roles_and_bad_input(small_city):
    campaign = small_city.campaigns.get()
    with pytest.raises(Exception) as refused:
        secretary = user_with_role(Role.CELL_SECRETARY, ward=small_city, party_cell=small_city.party_cells.first())
        print_job_request(user=secretary, campaign=campaign, kind="ballots")
    assert refused.type.__name__ == "PermissionDenied"
    # A Party committee member prints the ward's papers too (issue 7: every group's ballots in one job).
    member_job = print_job_request(user=city_user(small_city, Role.COMMITTEE_MEMBER), campaign=campaign, kind="ballots")
    member_job.delete()
    user = city_user(small_city)
    with pytest.raises(DomainError):
        print_job_request(user=user, campaign=campaign, kind="no_such_kind")
    with pytest.raises(DomainError) as error:
        print_job_request(user=user, campaign=campaign, kind="ballots", copies=0)
    assert error.value.field == "copies"
    assert not PrintJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_database_backend_and_worker_print_the_ballots(settings, tmp_path):
    """Through django_tasks_db: the job is queued in the database, `db_worker --batch` runs it."""
    from reports.synthetic_city import build_city

    settings.MEDIA_ROOT = tmp_path
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    ward = build_city(groups=3, households=2, name="Ba tổ in")
    user = city_user(ward)
    # Group 02 has no approved candidate: its ballots cannot be printed.
    Candidate.objects.filter(group_election__group__ward=ward).update(status=Candidate.Status.APPROVED)
    Candidate.objects.filter(group_election__group__ward=ward, group_election__group__code="02").update(
        status=Candidate.Status.NOMINATED
    )
    job = print_job_request(user=user, campaign=ward.campaigns.get(), kind="ballots", copies=4)
    assert job.status == PrintJob.Status.QUEUED and job.task_result_id
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE, job.failure
    printable = [
        ge for ge in ward.campaigns.get().group_elections.all() if ge.candidates.filter(status="approved").exists()
    ]
    assert job.printed == len(printable)
    refused = sorted(
        {ge.group.code for ge in ward.campaigns.get().group_elections.all()} - {ge.group.code for ge in printable}
    )
    assert "02" in refused
    assert [e["code"] for e in job.errors] == refused
    text = pdf_text(job.file.read())
    assert "PHIẾU BẦU" in text
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(id=job.task_result_id).status == "SUCCESSFUL"


def test_run_twice_prints_once(small_city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = city_user(small_city)
    job = print_job_request(user=user, campaign=small_city.campaigns.get(), kind="test_notice")
    print_job_run(job_id=job.pk)
    first = PrintJob.objects.get(pk=job.pk)
    again = print_job_run(job_id=job.pk)
    assert again.status == first.status == PrintJob.Status.DONE
    assert again.file.name == first.file.name


def test_pages_progress_and_download_per_role(small_city, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    client = client_for(city_user(small_city))
    page = client.get(reverse("reports:print_jobs"))
    assert page.status_code == 200
    response = client.post(reverse("reports:print_jobs"), {"kind": "test_notice", "party_cell": ""})
    job = PrintJob.objects.get()
    assert response["Location"] == reverse("reports:print_job", args=[job.pk])
    progress = client.get(reverse("reports:print_job_progress", args=[job.pk]))
    html = progress.content.decode()
    assert "hx-trigger" not in html  # finished: polling stops
    assert "Tổ dân phố 2" in html and "Chưa có người ứng cử được duyệt." in html
    download = client.get(reverse("reports:print_job_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "TỔ DÂN PHỐ 3" in pdf_text(b"".join(download.streaming_content))

    # The chairman of the same ward may follow it; a committee member may not (the ward official's job
    # prints full birth dates, which they may not see); another ward gets 404.
    chairman = city_user(small_city, Role.CHAIRMAN)
    assert client_for(chairman).get(reverse("reports:print_job", args=[job.pk])).status_code == 200
    member = city_user(small_city, Role.COMMITTEE_MEMBER)
    assert client_for(member).get(reverse("reports:print_job_download", args=[job.pk])).status_code == 404
    from reports.synthetic_city import build_city

    other = build_city(groups=1, households=1, name="Phường khác")
    stranger = city_user(other)
    assert client_for(stranger).get(reverse("reports:print_job_download", args=[job.pk])).status_code == 404
    assert client_for(stranger).get(reverse("reports:print_job_progress", args=[job.pk])).status_code == 404
    secretary = user_with_role(Role.CELL_SECRETARY, ward=small_city, party_cell=small_city.party_cells.first())
    assert client_for(secretary).get(reverse("reports:print_jobs")).status_code == 403


def test_batch_grants_nothing_that_single_printing_refuses(small_city, client_for, settings, tmp_path):
    """A committee member is refused one group's voter list, so the batch of voter lists is refused too (no job,
    not offered in the form), and a voter-list job printed by the ward official is neither listed nor downloaded
    for them. Ballots, which they may print one by one, they may batch."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    campaign = small_city.campaigns.get()
    member = city_user(small_city, Role.COMMITTEE_MEMBER)
    group = campaign.group_elections.order_by("group__code").first().group
    client = client_for(member)
    assert client.get(reverse("residents:voter_list_pdf", args=[group.pk])).status_code == 403
    for kind in ("voter_lists", "sign_in_sheets", "minutes", "count_records"):
        assert not get_kind(kind).may_print(member), kind
        with pytest.raises(DomainError) as refused:
            print_job_request(user=member, campaign=campaign, kind=kind)
        assert refused.value.field == "kind"
    response = client.post(reverse("reports:print_jobs"), {"kind": "voter_lists", "party_cell": ""})
    assert response.status_code == 200
    assert not PrintJob.objects.exists()
    offered = {code for code, _label in response.context["form"].fields["kind"].choices}
    assert "voter_lists" not in offered and "ballots" in offered

    official_job = print_job_request(user=city_user(small_city), campaign=campaign, kind="voter_lists")
    official_job.refresh_from_db()
    assert official_job.status == PrintJob.Status.DONE
    PrintJob.objects.filter(pk=official_job.pk).update(options={"full_birth_dates": False})
    for name in ("reports:print_job", "reports:print_job_progress", "reports:print_job_download"):
        assert client.get(reverse(name, args=[official_job.pk])).status_code == 404, name
    assert (
        reverse("reports:print_job", args=[official_job.pk])
        not in client.get(reverse("reports:print_jobs")).content.decode()
    )
    # The chairman, who may print a voter list singly, downloads it.
    chairman = city_user(small_city, Role.CHAIRMAN)
    assert client_for(chairman).get(reverse("reports:print_job_download", args=[official_job.pk])).status_code == 200

    assert get_kind("ballots").may_print(member)
    client = client_for(member)
    ballots = reverse("candidates:ballots", args=[campaign.group_elections.order_by("group__code").first().pk])
    assert client.get(ballots).status_code == 200


def test_queued_job_polls(small_city, client_for):
    """With the database backend and no worker, the page keeps polling every 2 s."""
    user = city_user(small_city)
    job = print_job_request(user=user, campaign=small_city.campaigns.get(), kind="test_notice")
    html = client_for(user).get(reverse("reports:print_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert reverse("reports:print_job_progress", args=[job.pk]) in html


def test_producers_name_the_reason(small_city):
    campaign = small_city.campaigns.get()
    election = campaign.group_elections.filter(conferences__isnull=True).first()
    with pytest.raises(DomainError) as error:
        produce("minutes", election)
    assert "conference" in error.value.messages[0] or "hội nghị" in error.value.messages[0]
    with pytest.raises(DomainError):
        produce("no_such_kind", election)


@register_kind("test_annex", "Test annex")
def _test_annex(group_election, options: dict) -> bytes:
    """A one-page paper every group has."""
    return render_pdf(
        template_name="papers/sample_notice.html",
        context={
            "issuing_body": f"PHỤ LỤC {group_election.group.name.upper()}",
            "superior_body": "UBND PHƯỜNG",
            "place": "Hương Xuân",
            "doc_date": None,
            "doc_number": "",
            "group_name": group_election.group.name,
            "term": "2021-2023",
            "meeting_date": None,
            "signer_title": "TRƯỞNG BAN",
            "signer_name": "",
            "members": [],
        },
    )


def _outline(data: bytes) -> list:
    """[(group title, first page, [(paper title, page), ...]), ...] with 1-based pages."""
    reader = PdfReader(io.BytesIO(data))
    sections, items = [], list(reader.outline)
    for item in items:
        if isinstance(item, list):
            sections[-1][2].extend((child.title, reader.get_destination_page_number(child) + 1) for child in item)
        else:
            sections.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return sections, len(reader.pages)


def test_a_set_of_kinds_is_one_bookmarked_pdf_each_group_on_a_new_sheet(small_city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    user = city_user(small_city)
    job = print_job_request(user=user, campaign=small_city.campaigns.get(), kinds=["test_annex", "test_notice"])
    job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE and job.kind == "set"
    assert job.options["kinds"] == ["test_notice", "test_annex"]  # the order of the registry, not of the request
    assert (job.total, job.done, job.printed) == (4, 4, 4)
    # Group 02 cannot have the notice: listed with the paper and the reason; its annex still prints.
    assert job.errors == [
        {
            "group": "Tổ dân phố 2",
            "code": "02",
            "kind": "test_notice",
            "message": "Test notice: Chưa có người ứng cử được duyệt.",
        }
    ]
    sections, pages = _outline(job.file.read())
    assert [(title, first) for title, first, _papers in sections] == [
        ("Tổ dân phố 1", 1),
        ("Tổ dân phố 2", 3),
        ("Tổ dân phố 3", 5),  # page 4 is left blank: group 3 does not start on the back of group 2
        ("Tổ dân phố 4", 7),
    ]
    assert sections[0][2] == [("Test notice", 1), ("Test annex", 2)]
    assert sections[1][2] == [("Test annex", 3)]
    assert pages == 8
    assert job.kind_label == "Test notice; Test annex"


def test_a_job_for_one_group_and_the_ward_plan_only_for_the_ward(small_city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    user = city_user(small_city)
    campaign = small_city.campaigns.get()
    third = campaign.group_elections.get(group__code="03")
    job = print_job_request(user=user, campaign=campaign, kinds=["test_notice", "test_annex"], group_election=third)
    job.refresh_from_db()
    assert (job.total, job.printed, job.errors) == (1, 1, [])
    sections, pages = _outline(job.file.read())
    assert [title for title, _first, _papers in sections] == ["Tổ dân phố 3"] and pages == 2
    with pytest.raises(DomainError):
        print_job_request(user=user, campaign=campaign, kind="plan", group_election=third)
    with pytest.raises(DomainError):
        print_job_request(user=user, campaign=campaign, kinds=["test_notice", "no_such_kind"])


def test_the_form_prints_every_paper_or_the_chosen_ones(small_city, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    client = client_for(city_user(small_city))
    page = client.get(reverse("reports:print_jobs")).content.decode()
    assert 'name="all_kinds"' in page and 'value="invitations"' in page and 'name="group"' in page
    refused = client.post(reverse("reports:print_jobs"), {"party_cell": ""})
    assert refused.status_code == 200 and PrintJob.objects.count() == 0
    client.post(reverse("reports:print_jobs"), {"kind": ["test_notice", "test_annex"], "party_cell": ""})
    job = PrintJob.objects.get()
    assert job.options["kinds"] == ["test_notice", "test_annex"] and job.status == PrintJob.Status.DONE
