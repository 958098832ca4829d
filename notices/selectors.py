"""Reading notices: a user only ever reads their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from notices.models import Notice


def inbox(user, *, unread_only: bool = False) -> QuerySet[Notice]:
    notices = Notice.objects.filter(recipient_id=user.pk).select_related("actor")
    if unread_only:
        notices = notices.filter(read_at__isnull=True)
    return notices.order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not (user and user.is_authenticated):
        return 0
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notice_for_user_or_404(user, pk: int) -> Notice:
    notice = Notice.objects.filter(pk=pk, recipient_id=user.pk).first()
    if notice is None:
        raise Http404(_("No such notice."))
    return notice
