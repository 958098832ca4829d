"""Sending and reading notices. The services that produce an event call `notice_send`.

This app sits at the bottom with accounts and audit: it knows users and links, nothing of
elections, so the election services import it downward and no hook is needed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from notices.models import Notice


def notice_send(*, recipients: Iterable, kind: str, url: str, params: dict | None = None, actor=None) -> list[Notice]:
    """One notice for each distinct active recipient; the person who caused the event is not told."""
    if kind not in Notice.Kind.values:
        raise ValueError(f"unknown notice kind {kind!r}")
    actor_id = getattr(actor, "pk", None)
    seen: set[int] = set()
    notices = []
    for user in recipients:
        if user is None or not user.is_active or user.pk == actor_id or user.pk in seen:
            continue
        seen.add(user.pk)
        notices.append(
            Notice(
                recipient=user,
                kind=kind,
                url=url,
                params={k: str(v) for k, v in (params or {}).items()},
                actor=actor if actor_id else None,
            )
        )
    return Notice.objects.bulk_create(notices)


def notice_open(*, notice: Notice, user) -> Notice:
    """The reader opens a notice: it is read from now on."""
    if notice.recipient_id != user.pk:
        raise PermissionError("not the recipient")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_all_read(*, user) -> int:
    with transaction.atomic():
        return Notice.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
