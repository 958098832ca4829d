"""The legal calendar of each group's election: every step with its due date and whether it is done.

Due dates come from `elections.rules.deadline_calendar` with the campaign's legal profile; whether a
step is done is read from the group election itself (its stage, its plan, its posting time), so the
calendar of a whole ward is computed without a query per group. Apps that know more about a step
(the term report, the election team) add a bulk check with `register_step_check`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from elections.models import Campaign, GroupElection, Stage
from elections.rules import add_working_days, deadline_calendar, revote_deadline
from elections.workflow import stage_reached

DONE = "done"
DUE = "due"
OVERDUE = "overdue"

STATUS_LABELS = {DONE: _("Done"), DUE: _("Due"), OVERDUE: _("Overdue")}

# code -> functions(group_elections) -> the pks for which the step is done
StepCheck = Callable[[Sequence[GroupElection]], Iterable[int]]
_step_checks: dict[str, list[StepCheck]] = defaultdict(list)


def register_step_check(code: str) -> Callable[[StepCheck], StepCheck]:
    """Let an app mark a calendar step done from its own records, for many groups in one query."""

    def decorator(func: StepCheck) -> StepCheck:
        if func not in _step_checks[code]:
            _step_checks[code].append(func)
        return func

    return decorator


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    due: date
    responsible: str
    status: str
    after_election: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_overdue(self) -> bool:
        return self.status == OVERDUE


def _plan_done(ge: GroupElection) -> bool:
    return bool(ge.official_in_charge_id and ge.planned_venue and ge.planned_at)


def _election_done(ge: GroupElection) -> bool:
    # The first conference was held even when it elected nobody.
    return (
        ge.round > 1
        or ge.stage in (Stage.NO_WINNER, Stage.REVOTE_SCHEDULED)
        or stage_reached(ge.stage, "conference_held")
    )


DEFAULT_DONE: dict[str, Callable[[GroupElection], bool]] = {
    "plan": _plan_done,
    "candidate_list": lambda ge: stage_reached(ge.stage, Stage.LIST_APPROVED),
    # The election team posts the lists, so a posted group has its team.
    "team_decision": lambda ge: stage_reached(ge.stage, Stage.LISTS_POSTED),
    "posting": lambda ge: ge.list_posted_at is not None,
    # The outgoing leader reports at the conference.
    "term_report": _election_done,
    "election": _election_done,
    "revote": lambda ge: ge.round > 1 and stage_reached(ge.stage, Stage.CONFERENCE_HELD),
    "recognition": lambda ge: ge.stage == Stage.RECOGNISED,
}


def _conference_day(ge: GroupElection) -> date | None:
    if ge.planned_at is None:
        return None
    return timezone.localdate(ge.planned_at)


def calendars(campaign: Campaign, group_elections: Sequence[GroupElection], *, today: date | None = None):
    """{group election pk: [Step, ...]} for groups of one campaign, in chronological order."""
    today = today or timezone.localdate()
    profile = campaign.legal_profile
    rules = profile.rules()
    base = deadline_calendar(election_day=campaign.election_day, rules=rules)
    extra_done: dict[str, set[int]] = {
        code: {pk for check in checks for pk in check(group_elections)} for code, checks in _step_checks.items()
    }
    recognition_by = (
        _("The ward People's Committee")
        if profile.decision_authority == "committee"
        else _("Chairman of the ward People's Committee")
    )
    result: dict[int, list[Step]] = {}
    for ge in group_elections:
        entries = []
        for deadline in base:
            due, responsible = deadline.due, deadline.responsible
            if deadline.code == "recognition":
                responsible = recognition_by
                if ge.revote_due or ge.round > 1:
                    revote_due = ge.revote_due or revote_deadline(conference_day=campaign.election_day, rules=rules)
                    entries.append(
                        ("revote", _("Hold the re-vote"), revote_due, _("Ward People's Committee; election team"), True)
                    )
                    # After a re-vote the limit runs from the new conference (its date when known,
                    # else the last day the re-vote may be held).
                    day = _conference_day(ge)
                    revote_day = day if day and day > campaign.election_day else revote_due
                    due = add_working_days(revote_day, rules.recognition_working_days)
            entries.append((deadline.code, deadline.label, due, responsible, deadline.after_election))
        steps = []
        for code, label, due, responsible, after in entries:
            done = DEFAULT_DONE[code](ge) or ge.pk in extra_done.get(code, ())
            status = DONE if done else (OVERDUE if due < today else DUE)
            steps.append(Step(code, str(label), due, str(responsible), status, after))
        result[ge.pk] = steps
    return result


def group_calendar(group_election: GroupElection, *, today: date | None = None) -> list[Step]:
    return calendars(group_election.campaign, [group_election], today=today)[group_election.pk]


def next_step(steps: Sequence[Step]) -> Step | None:
    """The first step not done yet."""
    return next((s for s in steps if s.status != DONE), None)


def days_late(step: Step, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return max((today - step.due) // timedelta(days=1), 0)
