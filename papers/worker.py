"""The background worker: django_tasks_db's database worker, made to survive.

- It writes a heartbeat (papers.WorkerHeartbeat, and the running print job's `heartbeat_at`) every
  WORKER_HEARTBEAT_SECONDS from a thread of its own, so a job whose worker was killed is noticed.
- Every heartbeat it also takes up the jobs whose worker went silent (`print_jobs_recover`).
- A "database is locked" error anywhere in its loop makes it wait and go on, never die.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import OperationalError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.utils import is_locked_database_exception

from papers.services import print_jobs_recover, worker_beat, worker_stopped

logger = logging.getLogger(__name__)

LOCKED_PAUSE_SECONDS = 1.0


class Heartbeat(threading.Thread):
    """Writes the worker's sign of life, and looks for lost jobs, every `interval` seconds."""

    def __init__(self, worker: SurvivingWorker, interval: float):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker = worker
        self.interval = interval
        self.stopping = threading.Event()

    def beat(self) -> None:
        try:
            worker_beat(
                worker_id=self.worker.worker_id,
                hostname=socket.gethostname(),
                pid=os.getpid(),
                started_at=self.worker.started_at,
                task_result_id=self.worker.current_task_id,
            )
            print_jobs_recover()
        except OperationalError as exc:
            # Locked (SQLite) or the database briefly away: the next beat tries again.
            logger.warning("Worker heartbeat not written: %s", exc)
            close_old_connections()
        except Exception:
            logger.exception("Worker heartbeat failed")

    def run(self) -> None:
        try:
            self.beat()
            while not self.stopping.wait(self.interval):
                self.beat()
        finally:
            connections.close_all()  # this thread's connections only


class SurvivingWorker(DatabaseWorker):
    def __init__(self, *, heartbeat_seconds: float, **kwargs):
        super().__init__(**kwargs)
        self.started_at = timezone.now()
        self.current_task_id: str | None = None
        self.heartbeat = Heartbeat(self, heartbeat_seconds)

    def run_task(self, db_task_result) -> None:
        self.current_task_id = str(db_task_result.id)
        try:
            super().run_task(db_task_result)
        finally:
            self.current_task_id = None

    def run(self) -> None:
        self.heartbeat.start()
        try:
            while True:
                try:
                    super().run()
                    return
                except OperationalError as exc:
                    if not is_locked_database_exception(exc):
                        raise
                    logger.warning("Database is locked; the worker waits %.0f s and goes on.", LOCKED_PAUSE_SECONDS)
                    close_old_connections()
                    time.sleep(LOCKED_PAUSE_SECONDS)
        finally:
            self.heartbeat.stopping.set()
            self.heartbeat.join(timeout=10)
            try:
                worker_stopped(worker_id=self.worker_id)
            except OperationalError:
                logger.warning("Could not record that worker %s stopped.", self.worker_id)


def heartbeat_seconds() -> float:
    return float(settings.WORKER_HEARTBEAT_SECONDS)
