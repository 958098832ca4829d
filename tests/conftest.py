import importlib

import pytest
from django.apps import apps as django_apps
from django.db.backends.signals import connection_created
from hypothesis import settings as hypothesis_settings

from accounts.models import Role
from papers import cache
from tests.factories import CampaignFactory, WardFactory, user_with_role

# Two busy cores in CI: a per-example time limit only makes property tests flaky.
hypothesis_settings.register_profile("ward", deadline=None)
hypothesis_settings.load_profile("ward")


def _allow_test_flush(sender, connection, **kwargs):
    """The flush between transactional tests truncates every table; on PostgreSQL the audit log refuses
    TRUNCATE unless the session allows it (audit/migrations/0003). Only the suite's connections do."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET audit.allow_truncate = 'on'")


connection_created.connect(_allow_test_flush, dispatch_uid="tests_allow_audit_truncate")


def pytest_configure(config):
    """Tests speak plain HTTP to the app and need no `collectstatic`: the production defaults (HTTPS redirect,
    hashed static files, see config/settings.py) are turned off here, and only here; so is the background layout
    of long papers, which a test of its own turns on."""
    from django.test import override_settings

    override_settings(
        SECURE_SSL_REDIRECT=False,
        # No background layout of long papers unless a test asks for it (tests/residents/test_papers_cache.py).
        PAPERS_LAY_OUT_IN_ADVANCE=False,
        WHITENOISE_USE_FINDERS=True,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()


@pytest.fixture
def ward(db):
    return WardFactory()


@pytest.fixture
def campaign(ward):
    return CampaignFactory(ward=ward)


@pytest.fixture
def make_user(db, ward):
    """make_user(Role.CELL_SECRETARY, party_cell=...) -> a user of that role in the test ward."""

    def make(role: str = Role.WARD_OFFICIAL, **kwargs):
        return user_with_role(role, ward=kwargs.pop("ward", ward), **kwargs)

    return make


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def _shipped_legal_profiles(request):
    """The legal profiles come from a data migration; a transactional test's flush removes them for the
    tests after it on the same worker, so every database test starts with them present."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & _DB_FIXTURES:
        return
    transactional = "transactional_db" in names or (marker is not None and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    migration = importlib.import_module("elections.migrations.0003_legal_profiles")
    migration.create_profiles(django_apps, None)


@pytest.fixture(autouse=True)
def _paper_cache_per_test(settings, tmp_path_factory):
    """Each test has a paper cache of its own (papers/cache.py), never the project's media folder."""
    settings.PAPERS_CACHE_DIR = str(tmp_path_factory.mktemp("paper_cache"))


@pytest.fixture
def layouts(monkeypatch):
    """The HTML of every paper laid out by WeasyPrint behind the paper cache (papers/cache.py), in order."""
    calls = []
    real = cache.html_to_pdf

    def counted(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(cache, "html_to_pdf", counted)
    return calls
