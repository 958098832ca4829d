from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import Action, can
from config.errors import DomainError
from elections import audit_display, calendar, selectors
from elections.forms import RevoteForm, TransitionForm
from elections.models import Stage
from elections.services.transitions import SERVICES
from elections.workflow import stages_for_user

# Entries read for the timeline unless the user asks for all of them (check-ins alone can be hundreds).
TIMELINE_LIMIT = 300
COMPLAINT_TYPE = "candidates.complaint"

STAGE_BADGES = {
    Stage.PLANNED: "secondary",
    Stage.PREPARING: "info",
    Stage.LIST_APPROVED: "primary",
    Stage.LISTS_POSTED: "primary",
    Stage.CONFERENCE_HELD: "warning",
    Stage.COUNTED: "warning",
    Stage.ELECTED: "success",
    Stage.NO_WINNER: "danger",
    Stage.REVOTE_SCHEDULED: "danger",
    Stage.RECOGNISED: "success",
}

# The words on each button.
ACTION_LABELS = {
    Stage.PREPARING: gettext_lazy("Start preparing candidates"),
    Stage.LIST_APPROVED: gettext_lazy("Approve the candidate list"),
    Stage.LISTS_POSTED: gettext_lazy("Record the lists as posted"),
    Stage.CONFERENCE_HELD: gettext_lazy("Record the conference as held"),
    Stage.COUNTED: gettext_lazy("Record the count"),
    Stage.ELECTED: gettext_lazy("Declare the leader elected"),
    Stage.NO_WINNER: gettext_lazy("Record that nobody was elected"),
    Stage.REVOTE_SCHEDULED: gettext_lazy("Schedule a re-vote"),
    Stage.RECOGNISED: gettext_lazy("Record the recognition decision"),
}


def group_election_detail(request, pk: int):
    ge = selectors.group_election_for_user_or_404(request.user, pk)
    return _render(request, ge)


def _render(request, ge, *, refusal: dict | None = None, revote_form: RevoteForm | None = None, status: int = 200):
    steps = calendar.group_calendar(ge)
    show_all = request.GET.get("timeline") == "all"
    entries = list(selectors.group_timeline(ge)[: None if show_all else TIMELINE_LIMIT + 1])
    truncated = not show_all and len(entries) > TIMELINE_LIMIT
    if not can(request.user, Action.VIEW_COMPLAINTS, ge.group):
        for entry in entries:
            if entry.object_type == COMPLAINT_TYPE:
                # Findings, notes and file names of a complaint stay with those who may read complaints.
                entry.before, entry.after, entry.note = None, None, ""
    timeline = audit_display.runs(entries[:TIMELINE_LIMIT] if truncated else entries)
    actions = [
        {"stage": target, "label": ACTION_LABELS[target], "revote": target == Stage.REVOTE_SCHEDULED}
        for target in stages_for_user(ge, request.user)
    ]
    return render(
        request,
        "elections/group_election_detail.html",
        {
            "group_election": ge,
            "group": ge.group,
            "campaign": ge.campaign,
            "badge": STAGE_BADGES.get(ge.stage, "secondary"),
            "steps": steps,
            "actions": actions,
            "revote_form": revote_form or RevoteForm(initial={"venue": ge.planned_venue}),
            "refusal": refusal,
            "timeline": timeline,
            "timeline_truncated": truncated,
            "may_view_audit": can(request.user, Action.VIEW_AUDIT, ge.group),
            "today": selectors.today(),
        },
        status=status,
    )


@require_POST
def group_election_move(request, pk: int, target: str):
    """One button of the group page: the named service of that move, refusals shown with every reason."""
    ge = selectors.group_election_for_user_or_404(request.user, pk)
    if target not in SERVICES:
        raise Http404(_("No such stage."))
    note_form = TransitionForm(request.POST)
    note = note_form.cleaned_data["note"] if note_form.is_valid() else ""
    kwargs = {"group_election": ge, "actor": request.user, "note": note}
    form = None
    if target == Stage.REVOTE_SCHEDULED:
        form = RevoteForm(request.POST)
        if not form.is_valid():
            reasons = [
                f"{form.fields[field].label}: {error}" if field in form.fields else error
                for field, errors in form.errors.items()
                for error in errors
            ]
            return _refused(request, ge, target, reasons, form)
        kwargs.update(at=form.cleaned_data["at"], venue=form.cleaned_data["venue"])
    try:
        SERVICES[target](**kwargs)
    except DomainError as error:
        return _refused(request, ge, target, error.messages, form)
    messages.success(request, _("%(group)s: %(stage)s.") % {"group": ge.group.name, "stage": Stage(target).label})
    return redirect("elections:group_election_detail", pk=ge.pk)


def _refused(request, ge, target: str, reasons: list[str], form):
    """The group page again, with the refusal and every reason in one box (nothing was saved)."""
    refusal = {
        "title": _("%(group)s cannot move to “%(stage)s”:") % {"group": ge.group.name, "stage": Stage(target).label},
        "reasons": reasons,
    }
    ge.refresh_from_db()
    return _render(request, ge, refusal=refusal, revote_form=form, status=422)
