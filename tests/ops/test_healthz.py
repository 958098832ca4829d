"""/healthz for a load balancer: JSON, no login, 200 when fit, 503 when a check fails, nothing else revealed."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from config import health
from papers.models import WorkerHeartbeat
from papers.services import worker_beat


def _alive():
    worker_beat(worker_id="w", hostname="secret-host", pid=4242, started_at=timezone.now(), task_result_id=None)


@pytest.mark.django_db
def test_healthy(client):
    _alive()
    response = client.get("/healthz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "worker", "disk"}
    assert body["checks"]["worker"]["ok"] and 0 <= body["checks"]["worker"]["heartbeat_age_seconds"] < 30
    assert body["checks"]["migrations"] == {"ok": True, "pending": 0}
    assert body["checks"]["disk"]["ok"] and body["checks"]["disk"]["free_bytes"] > 0
    # Nothing about the machine, the software or the data.
    text = response.content.decode()
    for secret in ("secret-host", "4242", "django", "sqlite", "postgres", "/"):
        assert secret not in text.lower()


@pytest.mark.django_db
def test_no_worker_or_a_silent_one_is_503(client):
    body = client.get("/healthz").json()
    assert body["checks"]["worker"] == {"ok": False, "heartbeat_age_seconds": None}
    _alive()
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=2))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    worker = response.json()["checks"]["worker"]
    assert not worker["ok"] and worker["heartbeat_age_seconds"] >= 120


@pytest.mark.django_db
def test_database_down_is_503(client, monkeypatch):
    def down():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "_database", down)
    monkeypatch.setitem(health.CHECKS, "database", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == checks["migrations"] == checks["worker"] == {"ok": False}


@pytest.mark.django_db
def test_pending_migration_and_full_disk_are_503(client, settings, monkeypatch):
    _alive()
    monkeypatch.setitem(health.CHECKS, "migrations", lambda: {"ok": False, "pending": 1})
    assert client.get("/healthz").status_code == 503
    monkeypatch.setitem(health.CHECKS, "migrations", health._migrations)
    settings.HEALTH_MIN_FREE_BYTES = 1 << 62
    response = client.get("/healthz")
    assert response.status_code == 503 and not response.json()["checks"]["disk"]["ok"]


@pytest.mark.django_db
def test_no_login_and_no_https_redirect_for_the_probe(client, settings):
    from django.test import override_settings

    _alive()
    with override_settings(SECURE_SSL_REDIRECT=True):
        from django.test import Client

        probe = Client()
        assert probe.get("/healthz").status_code == 200
        assert probe.get("/").status_code == 301  # everything else goes to HTTPS
