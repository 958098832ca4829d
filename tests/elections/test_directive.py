"""The directive 13-CV/ĐU, its six tasks and the progress notes of the responsible bodies."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from config.errors import DomainError
from elections.models import Body, DirectiveTask
from elections.services import (
    directive_create,
    directive_task_add_progress,
    directive_task_update,
    may_write_progress,
    split_numbered_tasks,
)

pytestmark = pytest.mark.django_db

TEXT = (Path(__file__).resolve().parents[2] / "elections" / "data" / "directive-13-CV-DU.vi.txt").read_text()


def test_real_directive_splits_into_its_six_tasks():
    tasks = split_numbered_tasks(TEXT)
    assert [n for n, _ in tasks] == [1, 2, 3, 4, 5, 6]
    assert "10/01/2021" in tasks[0][1]
    assert tasks[1][1].startswith("Đối với Ủy ban nhân dân phường")
    assert "báo cáo tổng kết kết quả công tác nhiệm kỳ 2018-2020" in tasks[1][1]
    assert "khó khăn, vướng mắc" in tasks[4][1]
    assert tasks[5][1].startswith("Ủy ban Kiểm tra Đảng ủy")


def _directive(hx):
    return directive_create(
        actor=hx.official,
        campaign=hx.campaign,
        number="13-CV/ĐU",
        issued_on=datetime.date(2020, 12, 16),
        issuing_body="Đảng ủy phường Hương Xuân",
        title="Về việc lãnh đạo công tác bầu tổ trưởng tổ dân phố nhiệm kỳ 2021-2023",
        text=TEXT,
        split_tasks=True,
    )


def test_directive_tasks_and_progress_by_responsible_bodies(hx):
    directive = _directive(hx)
    assert directive.tasks.count() == 6
    task3 = directive.tasks.get(number=3)
    directive_task_update(
        task=task3, actor=hx.official, data={"bodies": [Body.FRONT], "due_date": datetime.date(2021, 1, 10)}
    )
    task3.refresh_from_db()
    assert task3.bodies == ["front"] and task3.due_date == datetime.date(2021, 1, 10)
    assert may_write_progress(hx.front, task3) and not may_write_progress(hx.secretary, task3)
    note = directive_task_add_progress(
        task=task3,
        actor=hx.front,
        note="Đã hướng dẫn các Ban công tác Mặt trận.",
        status=DirectiveTask.Status.IN_PROGRESS,
    )
    task3.refresh_from_db()
    assert task3.status == DirectiveTask.Status.IN_PROGRESS and note.author == hx.front and note.at
    entry = AuditEntry.objects.get(event="directive_task_progress")
    assert entry.before == {"status": "not_started"} and entry.after == {"status": "in_progress"}
    with pytest.raises(DomainError) as refused:
        directive_task_add_progress(task=task3, actor=hx.secretary, note="x", status=DirectiveTask.Status.DONE)
    assert "3" in refused.value.messages[0]
    with pytest.raises(DomainError):
        directive_task_add_progress(task=task3, actor=hx.front, note="   ", status=DirectiveTask.Status.DONE)
    assert task3.progress.count() == 1
    assert AuditEntry.objects.filter(event="directive_created").count() == 1
    assert AuditEntry.objects.filter(event="directive_task_created").count() == 6
    assert AuditEntry.objects.filter(event="directive_task_updated").count() == 1


def test_directive_page_and_progress_form(hx, client_for, django_assert_max_num_queries):
    directive = _directive(hx)
    task5 = directive.tasks.get(number=5)
    directive_task_update(task=task5, actor=hx.official, data={"bodies": [Body.COMMITTEE_MEMBERS]})
    url = reverse("elections:directive_detail", args=[directive.pk])
    client = client_for(hx.member)
    client.get(url)
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "13-CV/ĐU" in page and "Ủy ban Kiểm tra Đảng ủy" in page
    assert reverse("elections:task_progress", args=[task5.pk]) in page
    assert reverse("elections:task_progress", args=[directive.tasks.get(number=2).pk]) not in page
    response = client.post(
        reverse("elections:task_progress", args=[task5.pk]),
        {f"task{task5.pk}-note": "Đã nắm tình hình tổ 1, 2.", f"task{task5.pk}-status": "in_progress"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Đã nắm tình hình tổ 1, 2." in page and "Phan Đình Tâm" in page
    assert client_for(hx.secretary).get(reverse("elections:directive_current")).url == url
    # Editing is for ward staff.
    assert client_for(hx.member).get(reverse("elections:directive_edit", args=[directive.pk])).status_code == 403
    assert client_for(hx.official).get(reverse("elections:task_edit", args=[task5.pk])).status_code == 200


def test_directive_created_through_the_form(hx, client_for):
    url = reverse("elections:directive_create", args=[hx.campaign.pk])
    response = client_for(hx.official).post(
        url,
        {
            "number": "13-CV/ĐU",
            "issued_on": "16/12/2020",
            "issuing_body": "Đảng ủy phường Hương Xuân",
            "title": "Về việc lãnh đạo công tác bầu tổ trưởng tổ dân phố",
            "text": TEXT,
            "split_tasks": "on",
        },
    )
    assert response.status_code == 302
    assert DirectiveTask.objects.filter(directive__number="13-CV/ĐU").count() == 6
    again = client_for(hx.official).post(
        url, {"number": "13-CV/ĐU", "issued_on": "16/12/2020", "issuing_body": "x", "title": "x", "text": "x"}
    )
    assert again.status_code == 200 and "13-CV/ĐU" in again.content.decode()
    assert client_for(hx.chairman).get(url).status_code == 403
