"""Login throttling with django-axes: the site's login and the Django admin's alike.

A lockout is keyed on the account AND the client address, so guessing one account's password from one
machine does not lock its owner out everywhere on election day. Behind the reverse proxy the client
address is read from the header the trusted proxies append to (`LOGIN_TRUSTED_PROXIES`,
`LOGIN_CLIENT_IP_HEADER`); anything a client writes further left in that header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _valid(address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind N trusted proxies the N-th address from the right of
    their header (each proxy appends the address it received the request from)."""
    remote = _valid(request.META.get("REMOTE_ADDR"))
    proxies = settings.LOGIN_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    header = "HTTP_" + settings.LOGIN_CLIENT_IP_HEADER.upper().replace("-", "_")
    chain = [part.strip() for part in request.META.get(header, "").split(",") if part.strip()]
    if len(chain) < proxies:
        return remote  # not through every trusted proxy: only the connection's own address is known
    return _valid(chain[-proxies]) or remote


def username_of(request, credentials: dict | None) -> str:
    """The account tried, as one name whatever its capitals."""
    username = (credentials or {}).get("username")
    if not username and request is not None:
        username = request.POST.get("username", "")
    return str(username or "").strip().lower()


def lockout_window() -> str:
    """The real lockout window, from settings, as people say it."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}


def lockout_message() -> str:
    return _("Too many failed logins for this account from this computer. Please wait %(window)s and try again.") % {
        "window": lockout_window()
    }


def lockout_response(request, original_response=None, credentials=None):
    """The login page (of the site or the admin) with the reason, status 429; nobody is logged in."""
    form = AuthenticationForm(request, initial={"username": username_of(request, credentials)})
    return render(
        request,
        "accounts/login.html",
        {"form": form, "lockout_message": lockout_message(), "next": request.GET.get("next", "")},
        status=429,
    )
