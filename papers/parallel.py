"""Batch printing renders its sections in parallel processes (PAPERS_RENDER_PROCESSES, default: the cores).

WeasyPrint's layout is pure Python, so threads would not help: each section (one group's papers, or the ward's)
is produced in a forked process and only the PDF bytes come back, in the order of the job, so the bound PDF has
the same pages, bookmarks and blank pages as a serial run. The parent closes its database connections before it
forks, and each child opens its own, on SQLite as on PostgreSQL. Inside a transaction (a task run in the request
by the immediate backend, a test) the connections cannot be closed, and the sections are produced one by one.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, connections

from papers.batch import GroupPapers, produce_section

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SectionTask:
    """One section to produce: `kinds` of papers for `subject` (a group's election, or the campaign)."""

    kinds: list[str]
    subject: object
    options: dict
    name: str
    skip_inapplicable: bool = False


def render_processes() -> int:
    configured = getattr(settings, "PAPERS_RENDER_PROCESSES", None)
    return max(1, int(configured or os.cpu_count() or 1))


def _produce(task: SectionTask) -> GroupPapers:
    return produce_section(
        task.kinds, task.subject, task.options, name=task.name, skip_inapplicable=task.skip_inapplicable
    )


# The tasks of the running job, inherited by the forked children (no model instance is pickled on the way in).
_TASKS: list[SectionTask] = []


def _produce_at(index: int) -> GroupPapers:
    return _produce(_TASKS[index])


def _child_init() -> None:
    """A forked child starts with the parent's signal handlers: the worker's SIGTERM handler only asks for a graceful
    stop after the current task, so `Pool.terminate()` would wait for ever. The child takes the default handlers back,
    and dies with its parent (Linux: a worker killed mid-job leaves no child behind)."""
    for name in ("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and not connection.in_atomic_block


def produce_sections(tasks: list[SectionTask], *, processes: int | None = None) -> Iterator[GroupPapers]:
    """Each task's papers, in the order of `tasks`, produced in up to `processes` processes at once."""
    processes = min(processes or render_processes(), len(tasks))
    if processes <= 1 or not _can_fork():
        for task in tasks:
            yield _produce(task)
        return
    _TASKS[:] = tasks
    connections.close_all()  # each child opens its own; a shared socket or file handle would be corrupted
    pool = multiprocessing.get_context("fork").Pool(processes, initializer=_child_init)
    finished = False
    try:
        logger.info("Batch print: %s sections in %s processes.", len(tasks), processes)
        yield from pool.imap(_produce_at, range(len(tasks)))
        finished = True
    finally:
        if finished:
            pool.close()  # every section came back: the children leave when the queue is empty
        else:
            pool.terminate()  # an error or an abandoned job: stop the children now
        pool.join()
        _TASKS.clear()
