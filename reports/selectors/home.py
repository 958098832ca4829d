"""Each person's home: what they must do now, each item linked to the page that does it.

Sections follow what the user may do (accounts.access), not a role name, so an account that holds
several rights sees each of its jobs. Everything is scoped by `visible_groups` through the selectors
of the apps below; a fixed number of queries per section whatever the size of the ward.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Action, area_groups, can, visible_groups
from elections import selectors as election_selectors
from elections.candidates.models import Candidate
from elections.candidates.selectors import complaint_queue, default_queue_handler
from elections.conference.models import Conference
from elections.count.models import Count as CountRecord
from elections.count.models import TallyEntry
from elections.count.selectors import recognition_deadline
from elections.models import DifficultyReport, GroupElection, Stage
from elections.termreports.models import TermReport, TermReportStep
from notices.selectors import inbox

LIMIT = 12


@dataclass
class Task:
    text: str
    url: str
    detail: str = ""
    urgent: bool = False


@dataclass
class Section:
    key: str
    title: str
    empty: str
    tasks: list[Task] = field(default_factory=list)
    more_url: str = ""
    more_label: str = ""


def _current_elections(user, groups=None):
    campaign = election_selectors.current_campaign(user)
    if campaign is None:
        return None, GroupElection.objects.none()
    elections = GroupElection.objects.filter(
        campaign=campaign, group__in=groups if groups is not None else visible_groups(user)
    ).select_related("group")
    return campaign, elections.order_by("group__code")


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


# ---------------------------------------------------------------- election day


def election_day(user, today: datetime.date) -> Section:
    """Sittings to check voters in at, counts to enter or settle: the election team's day."""
    section = Section(
        "election_day",
        _("Election day"),
        _("No sitting is scheduled or under way in your groups."),
        more_url=reverse("conference:index"),
        more_label=_("All sittings"),
    )
    _campaign, elections = _current_elections(user)
    conferences = (
        Conference.objects.filter(
            group_election__in=elections, status__in=[*Conference.ACTIVE_STATUSES, Conference.Status.COUNTED]
        )
        .select_related("group_election__group")
        .annotate(entries=Count("tally_entries", distinct=True))
        .order_by("scheduled_at", "pk")
    )
    mismatched = set(
        TallyEntry.objects.filter(conference__in=conferences)
        .values("conference_id")
        .annotate(n=Count("id"))
        .filter(n=2)
        .exclude(conference__count__isnull=False)
        .values_list("conference_id", flat=True)
    )
    for conference in conferences[:LIMIT]:
        group = conference.group_election.group
        when = _("%(venue)s, %(time)s") % {"venue": conference.venue, "time": _local(conference.scheduled_at)}
        is_today = timezone.localtime(conference.scheduled_at).date() == today
        status = conference.status
        if status in (Conference.Status.SCHEDULED, Conference.Status.OPEN) and can(user, Action.CHECK_IN, group):
            section.tasks.append(
                Task(
                    _("Check voters in: %(group)s") % {"group": group.name},
                    reverse("conference:checkin", args=[conference.pk]),
                    when,
                    is_today,
                )
            )
        elif (
            status == Conference.Status.VOTING
            and conference.pk in mismatched
            and can(user, Action.RESOLVE_COUNT, group)
        ):
            section.tasks.append(
                Task(
                    _("The two count entries differ: settle them (%(group)s)") % {"group": group.name},
                    reverse("count:count_compare", args=[conference.pk]),
                    when,
                    True,
                )
            )
        elif status == Conference.Status.VOTING and can(user, Action.ENTER_COUNT, group):
            section.tasks.append(
                Task(
                    _("Enter the count: %(group)s") % {"group": group.name},
                    reverse("count:count_entry", args=[conference.pk]),
                    when,
                    True,
                )
            )
        elif status == Conference.Status.COUNTED and can(user, Action.RESOLVE_COUNT, group):
            section.tasks.append(
                Task(
                    _("Check and seal the count: %(group)s") % {"group": group.name},
                    reverse("count:seal", args=[conference.pk]),
                    when,
                    True,
                )
            )
    return section


# ---------------------------------------------------------------- complaints


def complaints(user, today: datetime.date) -> Section:
    section = Section(
        "complaints",
        _("Open complaints"),
        _("No open complaint."),
        more_url=reverse("candidates:complaints"),
        more_label=_("All complaints"),
    )
    handler = default_queue_handler(user)
    queue = complaint_queue(user, handler=handler, show="open")
    for complaint in queue[:LIMIT]:
        candidate = complaint.candidate
        section.tasks.append(
            Task(
                _("%(kind)s about %(candidate)s (%(group)s)")
                % {
                    "kind": complaint.get_kind_display(),
                    "candidate": candidate.resident.full_name,
                    "group": candidate.group_election.group.name,
                },
                reverse("candidates:complaint", args=[complaint.pk]),
                _("%(status)s · to settle by %(due)s")
                % {"status": complaint.get_status_display(), "due": complaint.due_on.strftime("%d/%m/%Y")},
                complaint.due_on < today,
            )
        )
    return section


# ---------------------------------------------------------------- candidates


def candidates(user, today: datetime.date) -> Section:
    """Groups still without candidates to nominate; for the ward, nominees waiting to be vetted."""
    section = Section(
        "candidates",
        _("Candidates"),
        _("No nomination or vetting is waiting."),
        more_url=reverse("candidates:overview"),
        more_label=_("All groups' candidates"),
    )
    _campaign, elections = _current_elections(user)
    active = Q(
        candidates__status__in=[Candidate.Status.NOMINATED, Candidate.Status.UNDER_REVIEW, Candidate.Status.APPROVED]
    )
    preparing = elections.filter(stage__in=[Stage.PLANNED, Stage.PREPARING]).annotate(n=Count("candidates", active))
    for ge in preparing[:LIMIT]:
        if ge.n == 0 and can(user, Action.NOMINATE, ge.group):
            section.tasks.append(
                Task(
                    _("Nominate candidates for %(group)s") % {"group": ge.group.name},
                    reverse("candidates:group", args=[ge.pk]),
                    _("No candidate nominated yet (one or two per group)."),
                    True,
                )
            )
    if can(user, Action.VET_CANDIDATE):
        waiting = (
            Candidate.objects.filter(
                group_election__in=elections, status__in=[Candidate.Status.NOMINATED, Candidate.Status.UNDER_REVIEW]
            )
            .select_related("resident", "group_election__group")
            .order_by("group_election__group__code", "pk")
        )
        for candidate in waiting[:LIMIT]:
            section.tasks.append(
                Task(
                    _("Vet %(name)s (%(group)s)")
                    % {"name": candidate.resident.full_name, "group": candidate.group_election.group.name},
                    reverse("candidates:candidate", args=[candidate.pk]),
                    candidate.get_status_display(),
                )
            )
    return section


# ---------------------------------------------------------------- term reports


def term_reports(user, today: datetime.date) -> Section:
    """The writer (cell secretary): reports to write, finish or rewrite; then review; the ward: acceptance."""
    section = Section(
        "term_reports",
        _("Term reports"),
        _("No term report is waiting for you."),
        more_url=reverse("termreports:compilation"),
        more_label=_("All term reports"),
    )
    _campaign, elections = _current_elections(user)
    returned = TermReportStep.objects.filter(report=OuterRef("pk"), kind=TermReportStep.Kind.RETURNED)
    reports = {
        r.group_election_id: r
        for r in TermReport.objects.filter(group_election__in=elections).annotate(was_returned=Exists(returned))
    }
    writer = can(user, Action.REVIEW_TERM_REPORT)  # the cell secretary writes and reviews their groups' reports
    for ge in elections.filter(report_override_reason=""):
        report = reports.get(ge.pk)
        edit = reverse("termreports:edit", args=[ge.pk])
        detail = reverse("termreports:detail", args=[ge.pk])
        name = {"group": ge.group.name}
        if writer and report is None and can(user, Action.WRITE_TERM_REPORT, ge.group):
            section.tasks.append(Task(_("Write the term report of %(group)s") % name, edit, _("Not started.")))
        elif writer and report.status == TermReport.Status.DRAFT and report.was_returned:
            section.tasks.append(
                Task(
                    _("Term report of %(group)s returned: change and submit it again") % name,
                    detail,
                    _("See the comment on the report."),
                    True,
                )
            )
        elif writer and report.status == TermReport.Status.DRAFT:
            section.tasks.append(
                Task(_("Finish and submit the term report of %(group)s") % name, edit, report.get_status_display())
            )
        elif (
            report is not None
            and report.status == TermReport.Status.SUBMITTED
            and can(user, Action.REVIEW_TERM_REPORT, ge.group)
        ):
            section.tasks.append(
                Task(_("Review the term report of %(group)s") % name, detail, report.get_status_display())
            )
        elif (
            report is not None
            and report.status == TermReport.Status.REVIEWED
            and can(user, Action.ACCEPT_TERM_REPORT, ge.group)
        ):
            section.tasks.append(
                Task(_("Accept or return the term report of %(group)s") % name, detail, report.get_status_display())
            )
    section.tasks = section.tasks[:LIMIT]
    return section


# ---------------------------------------------------------------- decisions


def decisions(user, today: datetime.date) -> Section:
    section = Section(
        "decisions",
        _("Decisions to issue"),
        _("No elected leader is waiting for a decision."),
        more_url=reverse("count:results"),
        more_label=_("All results"),
    )
    _campaign, elections = _current_elections(user)
    counts = {
        c.conference.group_election_id: c
        for c in CountRecord.objects.filter(
            conference__group_election__in=elections.filter(stage=Stage.ELECTED), sealed_at__isnull=False
        )
        .select_related("conference", "elected__resident")
        .order_by("conference__sequence")
    }
    for ge in elections.filter(stage=Stage.ELECTED)[:LIMIT]:
        count = counts.get(ge.pk)
        if count is None or not can(user, Action.SIGN_DECISION, ge.group):
            continue
        deadline = recognition_deadline(count)
        section.tasks.append(
            Task(
                _("Recognise %(name)s as leader of %(group)s")
                % {"name": count.elected.resident.full_name, "group": ge.group.name},
                reverse("count:decision_create", args=[ge.pk]),
                _("Decision due by %(date)s") % {"date": deadline.strftime("%d/%m/%Y")},
                deadline < today,
            )
        )
    return section


# ---------------------------------------------------------------- late groups and difficulties


def late_groups(user, today: datetime.date, *, mine: bool) -> Section:
    title = _("Late groups in my area") if mine else _("Late groups")
    section = Section(
        "late_groups",
        title,
        _("No group is behind its legal calendar."),
        more_url=reverse("elections:overdue"),
        more_label=_("All overdue steps"),
    )
    area = set(area_groups(user).values_list("pk", flat=True)) if mine else None
    for _campaign, rows in election_selectors.overdue_rows(user, today=today):
        for row in rows:
            ge = row.group_election
            if area is not None and ge.group_id not in area:
                continue
            late = row.overdue
            section.tasks.append(
                Task(
                    _("%(group)s: %(step)s") % {"group": ge.group.name, "step": late[0].label},
                    reverse("elections:group_election_detail", args=[ge.pk]),
                    _("due %(date)s; %(n)s step(s) late") % {"date": late[0].due.strftime("%d/%m/%Y"), "n": len(late)},
                    True,
                )
            )
    section.tasks = section.tasks[:LIMIT]
    return section


def difficulties(user, today: datetime.date, *, mine: bool) -> Section:
    title = _("Difficulties in my area") if mine else _("Open difficulty reports")
    section = Section(
        "difficulties",
        title,
        _("No open difficulty report."),
        more_url=reverse("elections:difficulty_list"),
        more_label=_("All difficulty reports"),
    )
    groups = area_groups(user) if mine else visible_groups(user)
    reports = (
        DifficultyReport.objects.filter(group__in=groups)
        .exclude(status=DifficultyReport.Status.RESOLVED)
        .select_related("group", "reported_by")
        .order_by("-reported_at", "-id")
    )
    for report in reports[:LIMIT]:
        section.tasks.append(
            Task(
                _("%(group)s: %(title)s") % {"group": report.group.name, "title": report.title},
                reverse("elections:difficulty_detail", args=[report.pk]),
                _("%(status)s · reported %(date)s by %(name)s")
                % {
                    "status": report.get_status_display(),
                    "name": report.reported_by.display_name,
                    "date": timezone.localtime(report.reported_at).strftime("%d/%m/%Y"),
                },
                report.status == DifficultyReport.Status.OPEN,
            )
        )
    return section


# ---------------------------------------------------------------- the home


@dataclass
class Home:
    sections: list[Section]
    notices: list


def home_for(user, *, today: datetime.date | None = None) -> Home:
    """The sections this user has work in, in the order of their day."""
    today = today or timezone.localdate()
    committee_area = can(user, Action.REPORT_DIFFICULTY) and not can(user, Action.MANAGE_CAMPAIGN)
    sections = []
    if can(user, Action.CHECK_IN) or can(user, Action.ENTER_COUNT):
        sections.append(election_day(user, today))
    if can(user, Action.SIGN_DECISION):
        sections.append(decisions(user, today))
    if can(user, Action.HANDLE_PARTY_COMPLAINT) or can(user, Action.HANDLE_COMPLAINT):
        sections.append(complaints(user, today))
    if can(user, Action.NOMINATE) or can(user, Action.VET_CANDIDATE):
        sections.append(candidates(user, today))
    if can(user, Action.REVIEW_TERM_REPORT) or can(user, Action.ACCEPT_TERM_REPORT):
        sections.append(term_reports(user, today))
    if committee_area:
        sections.append(late_groups(user, today, mine=True))
        sections.append(difficulties(user, today, mine=True))
    else:
        if can(user, Action.MANAGE_CAMPAIGN):
            sections.append(late_groups(user, today, mine=False))
        if can(user, Action.VIEW_DIFFICULTIES):
            sections.append(difficulties(user, today, mine=False))
    return Home(sections=sections, notices=list(inbox(user, unread_only=True)[:5]))
