"""/healthz: is this app server fit to serve? For a load balancer or a monitor; no login.

It answers JSON with one entry per check and nothing else (no version, no path, no host name):
the database answers, every migration is applied, a background worker gave a sign of life
recently, and the disk where media files are stored has room. 200 when all pass, 503 otherwise.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from papers.selectors import worker_state


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _migrations() -> dict:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {"ok": not pending, "pending": len(pending)}


def _worker() -> dict:
    state = worker_state()
    return {"ok": state.alive, "heartbeat_age_seconds": state.age_seconds}


def _disk() -> dict:
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent  # before the first upload the media folder may not exist yet
    free = shutil.disk_usage(path).free
    return {"ok": free >= settings.HEALTH_MIN_FREE_BYTES, "free_bytes": free}


CHECKS = {"database": _database, "migrations": _migrations, "worker": _worker, "disk": _disk}
NEEDS_DATABASE = {"migrations", "worker"}


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks: dict[str, dict] = {}
    for name, check in CHECKS.items():
        if name in NEEDS_DATABASE and not checks["database"]["ok"]:
            checks[name] = {"ok": False}
            continue
        try:
            checks[name] = check()
        except (DatabaseError, OSError):
            checks[name] = {"ok": False}
    healthy = all(result["ok"] for result in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": checks}, status=200 if healthy else 503)
