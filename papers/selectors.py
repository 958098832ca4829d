"""The background workers' state, for the administrator on the print page and for /healthz."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from papers.models import WorkerHeartbeat

# Workers silent for longer than this are no longer listed.
LISTED_FOR = timedelta(hours=1)


@dataclass(frozen=True)
class WorkerRow:
    hostname: str
    pid: int
    started_at: object
    seen_at: object
    age_seconds: int
    state: str  # "working", "idle", "stopped", "silent"
    job_id: int | None


@dataclass(frozen=True)
class WorkerState:
    alive: bool  # at least one worker gave a sign of life within WORKER_STALE_SECONDS
    age_seconds: int | None  # since the freshest sign of life of any worker; None: no worker ever ran
    workers: list[WorkerRow] = field(default_factory=list)


def worker_state(now=None) -> WorkerState:
    now = now or timezone.now()
    stale = settings.WORKER_STALE_SECONDS
    rows = []
    for beat in WorkerHeartbeat.objects.filter(seen_at__gte=now - LISTED_FOR).order_by("-seen_at")[:20]:
        age = max(0, int((now - beat.seen_at).total_seconds()))
        if beat.stopped_at:
            state = "stopped"
        elif age > stale:
            state = "silent"
        else:
            state = "working" if beat.job_id else "idle"
        rows.append(WorkerRow(beat.hostname, beat.pid, beat.started_at, beat.seen_at, age, state, beat.job_id))
    live = [row for row in rows if row.state in ("working", "idle")]
    freshest = rows[0] if rows else WorkerHeartbeat.objects.order_by("-seen_at").first()
    age_seconds = None
    if freshest is not None:
        age_seconds = max(0, int((now - freshest.seen_at).total_seconds()))
    return WorkerState(alive=bool(live), age_seconds=age_seconds, workers=rows)
