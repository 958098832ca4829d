"""Pages of complaints and denunciations about candidates: receive, the queue, investigate, conclude, attach.
Each view scopes the complaint to the user (404 otherwise), checks the action (403) and calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import Action, can, require
from config.confirm import confirmed, editing, form_summary
from config.errors import DomainError, report_error
from elections.candidates import selectors, services
from elections.candidates.forms import (
    AttachmentForm,
    ComplaintForm,
    ConclusionForm,
    InvestigationNoteForm,
)
from elections.candidates.models import Complaint, ComplaintAttachment


def complaint_new(request, pk):
    election = selectors.group_election_for_user_or_404(request.user, pk)
    require(request.user, Action.RECEIVE_COMPLAINT, election.group)
    form = ComplaintForm(request.POST or None, request.FILES or None, group_election=election)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_receive(actor=request.user, **data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(
                request,
                _("The complaint was received; it is handled by: %(handler)s.")
                % {"handler": complaint.get_handler_display()},
            )
            return redirect("candidates:complaint", pk=complaint.pk)
    return render(
        request,
        "candidates/form.html",
        {
            "form": form,
            "group_election": election,
            "title": _("Receive a complaint or denunciation"),
            "multipart": True,
        },
    )


def complaint_queue(request):
    require(request.user, Action.VIEW_COMPLAINTS)
    handler = request.GET.get("handler", selectors.default_queue_handler(request.user) or "")
    if handler not in Complaint.Handler.values:
        handler = ""
    show = request.GET.get("show", "open")
    if show not in ("open", "concluded", "all"):
        show = "open"
    complaints = list(selectors.complaint_queue(request.user, handler=handler or None, show=show))
    context = {
        "complaints": complaints,
        "handler": handler,
        "show": show,
        "handlers": Complaint.Handler.choices,
        "can_view_complainant": can(request.user, Action.VIEW_COMPLAINANT),
    }
    return render(request, "candidates/complaint_queue.html", context)


def complaint_detail(request, pk):
    return _complaint_page(request, selectors.complaint_for_user_or_404(request.user, pk))


def _complaint_page(request, complaint, **extra):
    group = complaint.candidate.group_election.group
    can_handle = services.can_handle(request.user, complaint)
    context = {
        "complaint": complaint,
        "candidate": complaint.candidate,
        "group_election": complaint.candidate.group_election,
        "attachments": complaint.attachments.select_related("uploaded_by"),
        "can_view_complainant": can(request.user, Action.VIEW_COMPLAINANT, group),
        "can_handle": can_handle,
        "can_attach": complaint.is_open and (can(request.user, Action.RECEIVE_COMPLAINT, group) or can_handle),
        "attachment_form": AttachmentForm(),
        "note_form": InvestigationNoteForm(),
        "conclusion_form": ConclusionForm(),
        **extra,
    }
    return render(request, "candidates/complaint_detail.html", context)


@require_POST
def complaint_step(request, pk, step):
    complaint = selectors.complaint_for_user_or_404(request.user, pk)
    group = complaint.candidate.group_election.group
    try:
        if step == "investigate":
            require(request.user, services.handle_action(complaint), group)
            services.complaint_start_investigation(
                complaint=complaint, actor=request.user, note=request.POST.get("note", "")
            )
            messages.success(request, _("The investigation has started."))
        elif step == "conclude":
            require(request.user, services.handle_action(complaint), group)
            form = ConclusionForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("Write the findings and choose the conclusion."))
            if not confirmed(request):
                # Irreversible: the summary first (or the form again); nothing is concluded without it.
                confirm = {} if editing(request) else _conclusion_confirmation(complaint, form)
                return _complaint_page(request, complaint, conclusion_form=form, **confirm)
            services.complaint_conclude(complaint=complaint, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The complaint is concluded."))
        elif step == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise DomainError(_("Choose a file to attach."))
            services.complaint_attach(complaint=complaint, upload=form.cleaned_data["file"], actor=request.user)
            messages.success(request, _("The file was attached."))
        else:
            raise Http404(_("Not found."))
    except DomainError as error:
        report_error(request, error)
    return redirect("candidates:complaint", pk=complaint.pk)


def _conclusion_confirmation(complaint, form) -> dict:
    return {
        "summary": [(_("Candidate concerned"), complaint.candidate.resident.full_name), *form_summary(form)],
        "confirm_title": _("Conclude the complaint?"),
        "confirm_button": _("Confirm: conclude"),
        "consequence": _(
            "The complaint is closed with this conclusion and these findings; they cannot be changed afterwards."
        ),
        "action": reverse("candidates:complaint_step", args=[complaint.pk, "conclude"]),
    }


def attachment_download(request, pk):
    """Files are served only through here, to users who may read the complaint."""
    attachment = ComplaintAttachment.objects.filter(
        pk=pk, complaint__in=selectors.visible_complaints(request.user)
    ).first()
    if attachment is None:
        raise Http404(_("Not found."))
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    return response
