"""Production settings: secure by default with DEBUG off, the SQLite default set for a busy office."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return env | {"DJANGO_SETTINGS_MODULE": "config.settings"} | extra


def _run(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_only_the_secret_and_the_hosts():
    env = _env(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="bau-cu.example")
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_off_is_https_only_unless_turned_off_explicitly():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[1], s.WHITENOISE_USE_FINDERS)"
    )
    secure = _run("-c", code, env=_env(DJANGO_DEBUG="0")).stdout.split()
    assert secure == ["True", "True", "True", "31536000", "CompressedManifestStaticFilesStorage", "False"]
    plain = _run(
        "-c", code,
        env=_env(DJANGO_DEBUG="0", DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0", DJANGO_HSTS_SECONDS="0"),
    ).stdout.split()  # fmt: skip
    assert plain[:4] == ["False", "False", "False", "0"]


def test_requests_hold_no_transaction():
    db = settings.DATABASES["default"]
    assert not db.get("ATOMIC_REQUESTS")
    if connection.vendor == "sqlite":
        assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and db["OPTIONS"]["timeout"] >= 10
        assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    else:
        assert db["DISABLE_SERVER_SIDE_CURSORS"]
    assert db["CONN_HEALTH_CHECKS"] and db["CONN_MAX_AGE"] > 0  # persistent connections, SQLite too
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


@pytest.mark.django_db(transaction=True)
def test_a_page_render_takes_no_write_lock(client, monkeypatch):
    """A GET runs in autocommit: no transaction is open while the view reads (and so, on SQLite, no lock)."""
    from django.db import transaction

    from accounts.models import Role
    from reports import views
    from tests.factories import CampaignFactory, WardFactory, user_with_role

    seen = []
    real = views.worker_state

    def spy():
        seen.append(transaction.get_connection().in_atomic_block)
        return real()

    monkeypatch.setattr(views, "worker_state", spy)
    user = user_with_role(Role.WARD_OFFICIAL, ward=WardFactory())
    CampaignFactory(ward=user.ward)
    client.force_login(user)
    assert client.get("/reports/printing/").status_code == 200
    assert seen == [False]
