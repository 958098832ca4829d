"""Batch printing renders the groups in parallel processes and binds the same PDF as one by one."""

import concurrent.futures
import io
import logging
import multiprocessing
import signal

import pytest
from pypdf import PdfReader

from papers.models import PrintJob
from papers.runner import print_job_run
from papers.services import print_job_request
from tests.reports import test_printing  # noqa: F401  (registers the "test_notice" and "test_annex" kinds)
from tests.reports.conftest import city_user, pdf_text
from tests.reports.test_printing import _outline


@pytest.fixture
def small_city(transactional_db):
    """Committed data (a transactional test): the forked processes read the database on their own."""
    from reports.synthetic_city import build_city

    return build_city(groups=5, households=2, name="Năm tổ song song")


def _print(city, settings, processes: int) -> PrintJob:
    settings.PAPERS_RENDER_PROCESSES = processes
    job = print_job_request(user=city_user(city), campaign=city.campaigns.get(), kinds=["test_annex", "test_notice"])
    return print_job_run(job_id=job.pk, worker_id=f"w-{processes}")


def _without_metadata(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_parallel_batch_binds_the_same_pages_and_bookmarks_as_serial(small_city, settings, tmp_path, caplog):
    settings.MEDIA_ROOT = tmp_path
    serial = _print(small_city, settings, 1)
    with caplog.at_level(logging.INFO, logger="papers.parallel"):
        parallel = _print(small_city, settings, 2)
    assert "5 sections in 2 processes" in caplog.text
    assert serial.status == parallel.status == PrintJob.Status.DONE
    assert (parallel.total, parallel.done, parallel.printed) == (serial.total, serial.done, serial.printed) == (5, 5, 5)
    # The failing group still reports its reason, in Vietnamese, the same way.
    assert parallel.errors == serial.errors
    assert parallel.errors[0]["message"] == "Test notice: Chưa có người ứng cử được duyệt."
    serial_pdf, parallel_pdf = serial.file.read(), parallel.file.read()
    assert _outline(parallel_pdf) == _outline(serial_pdf)
    assert parallel.pages == serial.pages
    assert _without_metadata(parallel_pdf) == _without_metadata(serial_pdf)
    assert "Tổ dân phố 5" in pdf_text(parallel_pdf)


def test_inside_a_transaction_the_groups_are_rendered_one_by_one(small_city, settings, tmp_path, caplog):
    from django.db import transaction

    settings.MEDIA_ROOT = tmp_path
    with caplog.at_level(logging.INFO, logger="papers.parallel"), transaction.atomic():
        job = _print(small_city, settings, 2)
    assert job.status == PrintJob.Status.DONE and "processes" not in caplog.text


def test_a_worker_that_only_notes_sigterm_still_gets_its_pages_and_its_children_leave(
    small_city, settings, tmp_path, monkeypatch
):
    """`manage.py worker` handles SIGTERM by noting a graceful stop. The forked children must not inherit that, or the
    pool waits for ever for children that ignore being stopped (seen: a job that never finished in the worker)."""
    settings.MEDIA_ROOT = tmp_path
    noted = []
    previous = signal.signal(signal.SIGTERM, lambda *args: noted.append("stop"))
    children_before = set(multiprocessing.active_children())
    try:
        outcome = concurrent.futures.ThreadPoolExecutor(1).submit(_print, small_city, settings, 2)
        job = outcome.result(timeout=120)  # the bug this guards against never returned
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert job.status == PrintJob.Status.DONE and job.printed == 5
    assert set(multiprocessing.active_children()) <= children_before
    assert noted == []
