"""A voter list is laid out once for what it prints and then served from the paper cache, posted (frozen) or not; a
change in anything it prints - even a birth date, which its verification fingerprint leaves out - renders it again."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from accounts.models import Role
from elections.conference.models import Elector
from elections.conference.workflow_hooks import freeze_electorate
from residents.models import Resident
from residents.papers import warm_posted_lists
from tests.factories import GroupElectionFactory
from tests.residents.test_papers import nfc, pdf_text

pytestmark = pytest.mark.django_db


def test_posted_list_is_served_from_the_cache_until_what_it_prints_changes(
    client_for, make_user, register, campaign, layouts
):
    election = GroupElectionFactory(campaign=campaign, group=register.group1, list_posted_at=timezone.now())
    elector = Elector.objects.create(
        group_election=election,
        number=1,
        household_number="777",
        full_name="Ngô Thị Đã Chốt",
        gender="F",
        residence="permanent",
        address="Số 7 Kim Trà",
        birth_date="1955-05-05",
    )
    client = client_for(make_user(Role.WARD_OFFICIAL))
    url = reverse("residents:voter_list_pdf", args=[register.group1.pk])
    first = client.get(url)
    second = client.get(url)
    assert len(layouts) == 1 and first.getvalue() == second.getvalue()
    assert nfc("Ngô Thị Đã Chốt") in pdf_text(second)

    Elector.objects.filter(pk=elector.pk).update(birth_date="1956-06-06")
    third = client.get(url)
    assert len(layouts) == 2
    assert "1956" in pdf_text(third) and "1955" not in pdf_text(third)

    client.get(reverse("residents:signin_sheet_pdf", args=[register.group1.pk]))
    client.get(reverse("residents:signin_sheet_pdf", args=[register.group1.pk]))
    assert len(layouts) == 3  # the sign-in sheet of the posted list: once


def test_a_list_not_yet_posted_is_laid_out_again_when_the_register_changes(
    client_for, make_user, register, campaign, layouts
):
    client = client_for(make_user(Role.WARD_OFFICIAL))
    url = reverse("residents:voter_list_pdf", args=[register.group2.pk])
    first = client.get(url)
    second = client.get(url)
    assert len(layouts) == 1 and first.getvalue() == second.getvalue()  # nothing changed: the same paper
    Resident.objects.filter(full_name="Hồ Thị Hương").update(full_name="Hồ Thị Hương Giang")
    third = client.get(url)
    assert len(layouts) == 2 and nfc("Hồ Thị Hương Giang") in pdf_text(third)


def test_posted_lists_are_laid_out_in_advance_so_the_first_reader_waits_for_no_layout(
    client_for, make_user, register, campaign, layouts, settings, django_capture_on_commit_callbacks
):
    settings.PAPERS_LAY_OUT_IN_ADVANCE = True
    election = GroupElectionFactory(campaign=campaign, group=register.group1, list_posted_at=timezone.now())
    official = make_user(Role.WARD_OFFICIAL)
    with django_capture_on_commit_callbacks(execute=True):
        freeze_electorate(group_election=election, actor=official)  # what posting the lists runs
    queued = DBTaskResult.objects.filter(task_path="residents.tasks.lay_out_posted_lists")
    assert queued.count() == 1 and queued.get().args_kwargs["args"] == [register.group1.pk]

    with translation.override("vi"):
        assert warm_posted_lists(register.group1) == 4  # both papers, with full birth dates and with years only
    # The voter list for each kind of reader; the sign-in sheet prints no birth date, so one layout serves both.
    assert len(layouts) == 3
    client = client_for(official)
    client.get(reverse("residents:voter_list_pdf", args=[register.group1.pk]))
    client.get(reverse("residents:signin_sheet_pdf", args=[register.group1.pk]))
    assert len(layouts) == 3  # served from what the worker laid out


def test_nothing_is_laid_out_in_advance_before_the_lists_are_posted(register, campaign, layouts):
    GroupElectionFactory(campaign=campaign, group=register.group2)
    assert warm_posted_lists(register.group2) == 0 and layouts == []
