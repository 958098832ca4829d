"""Login throttling: repeated failed logins for a username or from an address pause further tries."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import LoginFailure


def _window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_SECONDS)


def login_is_throttled(*, username: str, address: str | None) -> bool:
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    by_name = recent.filter(username__iexact=username).count() if username else 0
    by_address = recent.filter(address=address).count() if address else 0
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    # An address may try a few usernames (a shared ward office computer), but not endlessly.
    return by_name >= limit or by_address >= limit * 3


def login_failure_record(*, username: str, address: str | None) -> None:
    with transaction.atomic():
        LoginFailure.objects.create(username=username[:150], address=address)
        # Keep the table small: drop what no longer counts.
        LoginFailure.objects.filter(at__lt=_window_start()).delete()


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(Q(username__iexact=username)).delete()
