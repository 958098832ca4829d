from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import Action, can
from config.errors import DomainError
from elections import audit_display, calendar, selectors
from elections.forms import TransitionForm
from elections.models import Stage
from elections.workflow import PERSON_OWNER, TRANSITIONS, blocking_reasons, next_transitions, service_for_button

# Entries read for the timeline unless the user asks for all of them (check-ins alone can be hundreds).
TIMELINE_LIMIT = 300
COMPLAINT_TYPE = "candidates.complaint"


def group_election_detail(request, pk: int):
    ge = selectors.group_election_for_user_or_404(request.user, pk)
    return _render(request, ge)


def _render(request, ge, *, refusal: dict | None = None, status: int = 200):
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
    # A person's buttons for the moves this user's role may make; for the stages that only evidence
    # enters, the line saying where that evidence is recorded.
    actions, evidence = [], []
    for transition in next_transitions(ge):
        if not transition.person_owned:
            evidence.append({"stage": Stage(transition.target).label, "how": transition.label})
        elif can(request.user, transition.action, ge.group):
            actions.append({"stage": transition.target, "label": transition.label})
    return render(
        request,
        "elections/group_election_detail.html",
        {
            "group_election": ge,
            "group": ge.group,
            "campaign": ge.campaign,
            "steps": steps,
            "actions": actions,
            "evidence_steps": evidence,
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
    """One button of the group page: only a move that a person owns; the refusal shown with every reason."""
    ge = selectors.group_election_for_user_or_404(request.user, pk)
    if target not in TRANSITIONS:
        raise Http404(_("No such stage."))
    service = service_for_button(target)
    if service is None:
        # Counted, elected, no winner, re-vote, recognised: only the service that records the evidence.
        return _refused(request, ge, target, blocking_reasons(ge, target, owner=PERSON_OWNER), status=403)
    note_form = TransitionForm(request.POST)
    note = note_form.cleaned_data["note"] if note_form.is_valid() else ""
    try:
        service(group_election=ge, actor=request.user, note=note)
    except DomainError as error:
        return _refused(request, ge, target, error.messages)
    messages.success(request, _("%(group)s: %(stage)s.") % {"group": ge.group.name, "stage": Stage(target).label})
    return redirect("elections:group_election_detail", pk=ge.pk)


def _refused(request, ge, target: str, reasons: list[str], *, status: int = 422):
    """The group page again, with the refusal and every reason in one box (nothing was saved)."""
    refusal = {
        "title": _("%(group)s cannot move to “%(stage)s”:") % {"group": ge.group.name, "stage": Stage(target).label},
        "reasons": reasons,
    }
    ge.refresh_from_db()
    return _render(request, ge, refusal=refusal, status=status)
