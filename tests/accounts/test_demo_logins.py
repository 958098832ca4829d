"""`make run` prints the demo logins: every sample-ward user who can log in, and no one else."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Role
from tests.factories import UserFactory, WardFactory

pytestmark = pytest.mark.django_db


def test_lists_sample_ward_logins_only():
    sample = WardFactory(is_sample=True)
    real = WardFactory(name="Hương Chữ")
    UserFactory(username="ubnd", role=Role.WARD_OFFICIAL, ward=sample)
    recorder = UserFactory(username="kiemphieu01a", role=Role.WARD_OFFICIAL, ward=sample)
    recorder.set_unusable_password()
    recorder.save()
    UserFactory(username="real_official", role=Role.WARD_OFFICIAL, ward=real)
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "ubnd" in text
    assert "kiemphieu01a" not in text and "real_official" not in text
