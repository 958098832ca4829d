"""The inbox: every signed-in user reads their own notices and opens the page each points to."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notices import selectors, services

NOTICES_PER_PAGE = 30


@require_GET
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(selectors.inbox(request.user, unread_only=unread_only), NOTICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notices/inbox.html", {"page": page, "unread_only": unread_only})


@require_GET
def notice_open(request, pk: int):
    notice = selectors.notice_for_user_or_404(request.user, pk)
    services.notice_open(notice=notice, user=request.user)
    if not url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
        return redirect("notices:inbox")
    return redirect(notice.url)


@require_POST
def mark_all_read(request):
    count = services.notices_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notices marked as read."))
    return redirect("notices:inbox")
