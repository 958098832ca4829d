"""A per-address limit on the public pages, kept in the Django cache, so that a crowd cannot slow the office.

Fixed one-minute windows: at most PUBLIC_RATE_LIMIT requests per client address and minute; over that
the page answers 429 with Retry-After, without touching the database.
"""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

from accounts.throttle import client_address

WINDOW_SECONDS = 60


def over_limit(request, *, scope: str) -> bool:
    """Count this request; True when the address has passed its allowance for the current window."""
    limit = getattr(settings, "PUBLIC_RATE_LIMIT", 60)
    if limit <= 0:
        return False
    window = int(time.time() // WINDOW_SECONDS)
    # The same client address as the login throttle: behind the trusted proxies only, so a visitor cannot
    # dodge the limit by writing another X-Forwarded-For.
    key = f"public-rate:{scope}:{client_address(request) or 'unknown'}:{window}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS + 5):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        return False
    return count > limit


def rate_limited(scope: str):
    """View decorator: answer 429 past the allowance."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if over_limit(request, scope=scope):
                response = HttpResponse(
                    _("Too many requests from your address. Please try again in a minute."),
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(WINDOW_SECONDS)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
