"""Roll import (upload -> preview -> confirm), the template file, and the export."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import Action, can, group_for_user_or_404, require
from config.errors import DomainError
from residents.roll.columns import COLUMNS, MAX_ROWS
from residents.roll.exporting import FORMATS, roll_template
from residents.roll.forms import RollConfirmForm, RollUploadForm
from residents.roll.services import roll_check, roll_export, roll_import
from residents.roll.staging import discard_upload, load_upload, stage_upload

PREVIEW_PAGE = 50  # entries per page of each list on the preview; the counts are always complete
PREVIEW_LISTS = ("residents_not_in_file", "households_not_in_file", "households_new", "households_updated")
PREVIEW_LISTS += ("residents_new", "residents_updated")
WARNINGS_SHOWN = 300
ERROR_LIMIT = 2000  # errors shown on the page; their number is always given


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


def _upload_page(request, group, form, *, parsed=None, status=200):
    context = {
        "group": group,
        "form": form,
        "columns": COLUMNS,
        "max_rows": f"{MAX_ROWS:,}".replace(",", "."),
        "parsed": parsed,
        "errors": parsed.errors[:ERROR_LIMIT] if parsed else [],
        "error_count": len(parsed.errors) if parsed else 0,
        "error_limit": ERROR_LIMIT,
    }
    return render(request, "residents/roll/import.html", context, status=status)


@require_http_methods(["GET", "POST"])
def roll_import_view(request, pk: int):
    group = group_for_user_or_404(request.user, pk)
    require(request.user, Action.IMPORT_ROLL, group)
    if request.method == "GET":
        return _upload_page(request, group, RollUploadForm())
    form = RollUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, group, form, status=400)
    upload = form.cleaned_data["file"]
    content = upload.read()
    parsed, _plan = roll_check(group=group, content=content, filename=upload.name)
    if not parsed.is_valid:
        return _upload_page(request, group, RollUploadForm(), parsed=parsed, status=400)
    token = stage_upload(request, group_id=group.pk, filename=upload.name, content=content)
    return redirect(f"{reverse('residents:roll_import_confirm', args=[group.pk])}?token={token}")


@require_http_methods(["GET", "POST"])
def roll_import_confirm(request, pk: int):
    group = group_for_user_or_404(request.user, pk)
    require(request.user, Action.IMPORT_ROLL, group)
    token = request.POST.get("token") if request.method == "POST" else request.GET.get("token")
    staged = load_upload(request, token, group_id=group.pk)
    if staged is None:
        messages.warning(request, _("This upload has expired or does not belong to you. Upload the file again."))
        return redirect("residents:roll_import", pk=group.pk)
    if request.method == "POST":
        try:
            plan = roll_import(actor=request.user, group=group, content=staged.content, filename=staged.filename)
        except DomainError:
            # The register changed since the preview (e.g. the group lost its Party cell): show why.
            discard_upload(request, staged.token)
            parsed, _plan = roll_check(group=group, content=staged.content, filename=staged.filename)
            return _upload_page(request, group, RollUploadForm(), parsed=parsed, status=400)
        discard_upload(request, staged.token)
        counts = plan.counts()
        if plan.has_changes:
            messages.success(
                request,
                _(
                    "The roll of %(group)s was imported: %(hh_new)s households added, %(hh_upd)s updated; "
                    "%(res_new)s residents added, %(res_upd)s updated, %(res_same)s unchanged."
                )
                % {
                    "group": group.name,
                    "hh_new": counts["households_created"],
                    "hh_upd": counts["households_updated"],
                    "res_new": counts["residents_created"],
                    "res_upd": counts["residents_updated"],
                    "res_same": counts["residents_unchanged"],
                },
            )
        else:
            messages.info(request, _("The file matches the register: nothing was changed."))
        return redirect("residents:group_detail", pk=group.pk)
    parsed, plan = roll_check(group=group, content=staged.content, filename=staged.filename)
    if plan is None:  # the register changed under the file (e.g. the group lost its Party cell)
        discard_upload(request, staged.token)
        return _upload_page(request, group, RollUploadForm(), parsed=parsed, status=400)
    context = {
        "group": group,
        "parsed": parsed,
        "plan": plan,
        "counts": plan.counts(),
        "form": RollConfirmForm(initial={"token": staged.token}),
        "filename": staged.filename,
        "pages": _preview_pages(request, plan),
        "limit": WARNINGS_SHOWN,
        "show_personal": can(request.user, Action.VIEW_PERSONAL_DATA, group),
    }
    return render(request, "residents/roll/preview.html", context)


def _preview_pages(request, plan) -> dict:
    """Each list of the preview a page at a time (?<list>=<page>); the links keep the token and the other pages."""
    pages = {}
    for name in PREVIEW_LISTS:
        page = Paginator(getattr(plan, name), PREVIEW_PAGE).get_page(request.GET.get(name))
        query = request.GET.copy()
        query.pop(name, None)
        page.param = name
        page.others = query.urlencode()
        pages[name] = page
    return pages


@require_GET
def roll_template_view(request, file_format: str):
    require(request.user, Action.IMPORT_ROLL)
    if file_format not in FORMATS:
        raise Http404
    return _download(*roll_template(file_format=file_format))


@require_GET
def roll_export_view(request, pk: int, file_format: str):
    group = group_for_user_or_404(request.user, pk)
    if file_format not in FORMATS:
        raise Http404
    return _download(*roll_export(actor=request.user, group=group, file_format=file_format))
