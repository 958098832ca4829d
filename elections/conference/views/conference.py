"""The conference of a group: scheduling, the sitting's page and its actions, the minutes."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import Action, can, can_at_sitting
from config.confirm import confirmed, editing, form_summary
from config.errors import DomainError, report_error
from elections.conference import papers, selectors
from elections.conference.forms import (
    AdjournForm,
    BoardMemberForm,
    ConferenceDetailsForm,
    ConferenceScheduleForm,
    MinutesScanForm,
    OpenVoteForm,
)
from elections.conference.models import Conference, CountBoardMember
from elections.conference.services import conference as services
from elections.conference.services.board import count_board_member_add, count_board_member_remove
from elections.conference.services.minutes import conference_minutes_upload
from papers.pdf import content_disposition, pdf_response


@require_GET
def index(request):
    """Every group's election day at a glance: team, current sitting, quorum."""
    group_elections = list(selectors.group_elections_for(request.user))
    if not group_elections and not can(request.user, Action.VIEW_WARD):
        raise Http404(_("Not found."))
    rows = selectors.index_rows(group_elections)
    if len(rows) == 1 and rows[0]["current"] is not None and request.GET.get("all") is None:
        # A team member has one group: take them straight to its sitting.
        return redirect("conference:detail", pk=rows[0]["current"].pk)
    return render(request, "conference/conference_index.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def schedule(request, ge_pk: int):
    group_election = selectors.group_election_for_user_or_404(request.user, ge_pk, action=Action.MANAGE_TEAM)
    initial = {"scheduled_at": group_election.planned_at, "venue": group_election.planned_venue}
    head = next((m for m in selectors.team_members(group_election) if m.role == "head"), None)
    if head is not None:
        initial["chair_name"] = head.full_name
    form = ConferenceScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.conference_schedule(
                group_election=group_election, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Sitting %(seq)s was scheduled.") % {"seq": conference.sequence})
            return redirect("conference:detail", pk=conference.pk)
    return render(
        request,
        "conference/conference_schedule.html",
        {"form": form, "group_election": group_election, "group": group_election.group},
        status=400 if form.errors else 200,
    )


def _detail_context(request, conference: Conference, **forms) -> dict:
    group = conference.group_election.group
    user = request.user
    can_run = can_at_sitting(user, Action.CHECK_IN, conference)
    context = {
        "conference": conference,
        "group_election": conference.group_election,
        "group": group,
        "quorum": selectors.quorum_status(conference),
        "board": selectors.board_members(conference),
        "team": selectors.team_members(conference.group_election),
        "sittings": list(conference.group_election.conferences.order_by("sequence")),
        "can_run": can_run,
        "can_schedule": can(user, Action.MANAGE_TEAM, group),
        "can_print": can(user, Action.PRINT_PAPERS, group),
        "can_enter_count": can_at_sitting(user, Action.ENTER_COUNT, conference),
        "board_rules": conference.group_election.campaign.legal_profile,
    }
    if can_run:
        context.update(
            board_form=forms.get("board_form") or BoardMemberForm(group_election=conference.group_election),
            vote_form=forms.get("vote_form")
            or OpenVoteForm(initial={"voting_method": conference.voting_method or None}),
            scan_form=forms.get("scan_form") or MinutesScanForm(),
        )
    return context


@require_GET
def detail(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk)
    return render(request, "conference/conference_detail.html", _detail_context(request, conference))


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    form = ConferenceDetailsForm(request.POST or None, instance=Conference.objects.get(pk=conference.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.DETAIL_FIELDS}
        try:
            services.conference_update(conference=conference, actor=request.user, **changes)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("The details of the sitting were saved."))
            return redirect("conference:detail", pk=conference.pk)
    return render(
        request,
        "conference/conference_edit.html",
        {"form": form, "conference": conference, "group": conference.group_election.group},
        status=400 if form.errors else 200,
    )


@require_POST
def open_sitting(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    try:
        services.conference_open(conference=conference, actor=request.user)
    except DomainError as error:
        report_error(request, error)
    else:
        messages.success(request, _("The conference is open."))
    return redirect("conference:detail", pk=conference.pk)


def _open_vote_summary(conference: Conference, form: OpenVoteForm) -> list[tuple[str, str]]:
    quorum = selectors.quorum_status(conference)
    board = selectors.board_members(conference)
    return [
        (_("Sitting"), _("Sitting %(seq)s · %(venue)s") % {"seq": conference.sequence, "venue": conference.venue}),
        *form_summary(form),
        (
            _("Present when the vote opens"),
            _("%(present)s of %(electorate)s (%(state)s)")
            % {
                "present": quorum.present,
                "electorate": quorum.electorate,
                "state": _("quorum reached") if quorum.reached else _("no quorum"),
            },
        ),
        (_("Count board"), "\n".join(f"{m.full_name} ({m.get_role_display()})" for m in board) or "—"),
    ]


@require_POST
def open_vote(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    form = OpenVoteForm(request.POST)
    if form.is_valid() and editing(request):
        return redirect("conference:detail", pk=conference.pk)
    if form.is_valid() and not confirmed(request):
        # Irreversible: show what will be recorded first; nothing is written without the confirmation.
        context = {
            "conference": conference,
            "group": conference.group_election.group,
            "form": form,
            "summary": _open_vote_summary(conference, form),
            "confirm_title": _("Open the vote?"),
            "confirm_button": _("Confirm: open the vote"),
            "consequence": _(
                "Check-in closes and the number present is fixed; the group is recorded as having held its "
                "conference. This cannot be undone."
            ),
        }
        return render(request, "conference/open_vote_confirm.html", context)
    if form.is_valid():
        try:
            services.conference_open_vote(
                conference=conference, actor=request.user, voting_method=form.cleaned_data["voting_method"]
            )
        except DomainError as error:
            report_error(request, error)
        else:
            messages.success(request, _("The vote is open. The group's conference is recorded as held."))
            return redirect("conference:detail", pk=conference.pk)
    else:
        messages.error(request, _("Choose the voting method decided by the conference."))
    return redirect("conference:detail", pk=conference.pk)


@require_http_methods(["GET", "POST"])
def adjourn(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    form = AdjournForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.conference_adjourn(conference=conference, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(
                request,
                _("Sitting %(old)s was adjourned; sitting %(new)s is scheduled.")
                % {"old": conference.sequence, "new": new.sequence},
            )
            return redirect("conference:detail", pk=new.pk)
    return render(
        request,
        "conference/conference_adjourn.html",
        {
            "form": form,
            "conference": conference,
            "group": conference.group_election.group,
            "quorum": selectors.quorum_status(conference),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def board_member_create(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    form = BoardMemberForm(request.POST, group_election=conference.group_election)
    if form.is_valid():
        try:
            member = count_board_member_add(conference=conference, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("%(name)s was added to the count board.") % {"name": member.full_name})
            return redirect("conference:detail", pk=conference.pk)
    context = _detail_context(request, conference, board_form=form)
    return render(request, "conference/conference_detail.html", context, status=400)


@require_POST
def board_member_delete(request, pk: int, member_pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    member = get_object_or_404(CountBoardMember, pk=member_pk, conference=conference)
    try:
        count_board_member_remove(member=member, actor=request.user)
    except DomainError as error:
        report_error(request, error)
    else:
        messages.success(request, _("%(name)s was removed from the count board.") % {"name": member.full_name})
    return redirect("conference:detail", pk=conference.pk)


@require_GET
def minutes_pdf(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.PRINT_PAPERS)
    data = papers.minutes_pdf(conference)
    group = conference.group_election.group
    return pdf_response(data, f"Biên bản hội nghị {group.name} lần {conference.sequence}.pdf")


@require_POST
def minutes_scan_upload(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.CHECK_IN)
    form = MinutesScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            conference_minutes_upload(conference=conference, actor=request.user, uploaded=form.cleaned_data["scan"])
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("The scan of the signed minutes is kept with the record."))
            return redirect("conference:detail", pk=conference.pk)
    context = _detail_context(request, conference, scan_form=form)
    return render(request, "conference/conference_detail.html", context, status=400)


@require_GET
def minutes_scan_download(request, pk: int):
    conference = selectors.conference_for_user_or_404(request.user, pk, action=Action.PRINT_PAPERS)
    if not conference.minutes_scan:
        raise Http404(_("No scan was uploaded."))
    extension = "pdf" if conference.minutes_scan_type == "application/pdf" else "jpg"
    group = conference.group_election.group
    response = FileResponse(conference.minutes_scan.open("rb"), content_type=conference.minutes_scan_type)
    response["Content-Disposition"] = content_disposition(
        f"Biên bản hội nghị {group.name} lần {conference.sequence} (bản ký).{extension}", attachment=True
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
