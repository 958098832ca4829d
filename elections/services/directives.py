"""The Party committee's directive, its numbered tasks and the progress notes on each task."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.access import PERMISSIONS, Action, can, require
from accounts.models import Role, User
from audit.events import Event
from audit.services import audit_log, snapshot
from config.errors import DomainError, validate
from elections.models import Body, Campaign, Directive, DirectiveTask, DirectiveTaskProgress
from elections.services._common import apply, in_users_ward

DIRECTIVE_FIELDS = ["number", "issued_on", "issuing_body", "title", "text"]
TASK_FIELDS = ["number", "summary", "text", "bodies", "due_date", "status"]

# Who answers for a body's task and may write its progress notes.
BODY_ROLES: dict[str, set[Role]] = {
    Body.UBND: {Role.WARD_OFFICIAL, Role.CHAIRMAN},
    Body.FRONT: {Role.FRONT_OFFICIAL},
    Body.CELLS: {Role.CELL_SECRETARY},
    Body.COMMITTEE_MEMBERS: {Role.COMMITTEE_MEMBER},
    Body.INSPECTION: {Role.INSPECTION},
    Body.ALL: set(PERMISSIONS[Action.UPDATE_DIRECTIVE_TASK]),
}

_TASK_START = re.compile(r"^\s*(\d{1,2})\.\s+", re.MULTILINE)


def split_numbered_tasks(text: str) -> list[tuple[int, str]]:
    """The numbered points of a directive ("1. ...", "2. ..."), each with its whole text up to the next.

    Only points numbered 1, 2, 3... in sequence count, so a date or a list inside a point does not
    start a new task.
    """
    points: list[tuple[int, int, int]] = []  # (number, start of the marker, start of the text)
    expected = 1
    for match in _TASK_START.finditer(text):
        if int(match.group(1)) == expected:
            points.append((expected, match.start(), match.end()))
            expected += 1
    tasks = []
    for index, (number, _start, body_start) in enumerate(points):
        end = points[index + 1][1] if index + 1 < len(points) else len(text)
        tasks.append((number, text[body_start:end].strip()))
    return tasks


def _summary_of(text: str) -> str:
    first = text.split("\n", 1)[0].strip()
    first = re.split(r"(?<=[.:;])\s", first, maxsplit=1)[0]
    return first if len(first) <= 250 else first[:247].rstrip() + "…"


def may_write_progress(user: User, task: DirectiveTask) -> bool:
    """Responsible users of the task's bodies (and the administrator) write its progress notes."""
    if not can(user, Action.UPDATE_DIRECTIVE_TASK):
        return False
    if user.role == Role.ADMIN:
        return True
    return any(user.role in BODY_ROLES.get(code, set()) for code in task.bodies)


def _check_bodies(bodies: list[str]) -> None:
    unknown = [code for code in bodies if code not in Body.values]
    if unknown:
        raise DomainError(_("Unknown body: %(codes)s.") % {"codes": ", ".join(unknown)}, field="bodies")


def directive_create(
    *,
    actor: User,
    campaign: Campaign,
    number: str,
    issued_on: date,
    issuing_body: str,
    title: str,
    text: str,
    split_tasks: bool = False,
) -> Directive:
    """Record a directive; with `split_tasks`, its numbered points become its tasks."""
    require(actor, Action.MANAGE_CAMPAIGN)
    if not in_users_ward(actor, campaign.ward):
        raise DomainError(_("You may only record directives of your own ward."))
    with transaction.atomic():
        if Directive.objects.filter(campaign=campaign, number=number.strip()).exists():
            raise DomainError(
                _("Directive %(number)s is already recorded for this campaign.") % {"number": number}, field="number"
            )
        directive = Directive(
            campaign=campaign,
            number=number.strip(),
            issued_on=issued_on,
            issuing_body=issuing_body.strip(),
            title=title.strip(),
            text=text.strip(),
        )
        validate(directive)
        directive.save()
        audit_log(
            actor=actor,
            obj=directive,
            event=Event.DIRECTIVE_CREATED,
            after=snapshot(directive, ["number", "issued_on", "issuing_body", "title"]),
            ward=campaign.ward,
        )
        if split_tasks:
            for task_number, task_text in split_numbered_tasks(directive.text):
                directive_task_create(
                    directive=directive,
                    actor=actor,
                    number=task_number,
                    summary=_summary_of(task_text),
                    text=task_text,
                )
    return directive


def directive_update(*, directive: Directive, actor: User, data: dict) -> Directive:
    require(actor, Action.MANAGE_CAMPAIGN)
    if not in_users_ward(actor, directive.campaign.ward):
        raise DomainError(_("You may only change directives of your own ward."))
    with transaction.atomic():
        locked = Directive.objects.select_for_update().select_related("campaign").get(pk=directive.pk)
        before = snapshot(locked, DIRECTIVE_FIELDS)
        changed = apply(locked, data, DIRECTIVE_FIELDS)
        if not changed:
            return locked
        if "number" in changed and (
            Directive.objects.filter(campaign=locked.campaign, number=locked.number).exclude(pk=locked.pk).exists()
        ):
            raise DomainError(
                _("Directive %(number)s is already recorded for this campaign.") % {"number": locked.number},
                field="number",
            )
        validate(locked)
        locked.save(update_fields=changed)
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.DIRECTIVE_UPDATED,
            before={k: before[k] for k in changed},
            after=snapshot(locked, changed),
            ward=locked.campaign.ward_id,
        )
    return locked


def directive_task_create(
    *,
    directive: Directive,
    actor: User,
    summary: str,
    text: str,
    number: int | None = None,
    bodies: list[str] | None = None,
    due_date: date | None = None,
) -> DirectiveTask:
    require(actor, Action.MANAGE_CAMPAIGN)
    bodies = list(bodies or [])
    _check_bodies(bodies)
    with transaction.atomic():
        Directive.objects.select_for_update().get(pk=directive.pk)
        if number is None:
            number = (directive.tasks.aggregate(m=Max("number"))["m"] or 0) + 1
        if directive.tasks.filter(number=number).exists():
            raise DomainError(
                _("Task %(number)s already exists in this directive.") % {"number": number}, field="number"
            )
        task = DirectiveTask(
            directive=directive,
            number=number,
            summary=summary.strip(),
            text=text.strip(),
            bodies=bodies,
            due_date=due_date,
        )
        validate(task, exclude=["bodies"])
        task.save()
        audit_log(
            actor=actor,
            obj=task,
            event=Event.DIRECTIVE_TASK_CREATED,
            after=snapshot(task, TASK_FIELDS),
            ward=directive.campaign.ward_id,
        )
    return task


def directive_task_update(*, task: DirectiveTask, actor: User, data: dict) -> DirectiveTask:
    """Change a task's wording, bodies, due date or status (the ward office keeps the record)."""
    require(actor, Action.MANAGE_CAMPAIGN)
    if "bodies" in data:
        _check_bodies(list(data["bodies"]))
    with transaction.atomic():
        locked = DirectiveTask.objects.select_for_update().select_related("directive__campaign").get(pk=task.pk)
        if not in_users_ward(actor, locked.directive.campaign.ward):
            raise DomainError(_("You may only change directives of your own ward."))
        before = snapshot(locked, TASK_FIELDS)
        changed = apply(locked, data, TASK_FIELDS)
        if not changed:
            return locked
        if "number" in changed and locked.directive.tasks.filter(number=locked.number).exclude(pk=locked.pk).exists():
            raise DomainError(
                _("Task %(number)s already exists in this directive.") % {"number": locked.number}, field="number"
            )
        validate(locked, exclude=["bodies"])
        locked.save(update_fields=changed)
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.DIRECTIVE_TASK_UPDATED,
            before={k: before[k] for k in changed},
            after=snapshot(locked, changed),
            ward=locked.directive.campaign.ward_id,
        )
    return locked


def directive_task_add_progress(*, task: DirectiveTask, actor: User, note: str, status: str) -> DirectiveTaskProgress:
    """A dated progress note by a user responsible for the task; the task takes the status given."""
    if not may_write_progress(actor, task):
        raise DomainError(
            _("Only the bodies responsible for task %(number)s may report on it.") % {"number": task.number}
        )
    note = note.strip()
    if not note:
        raise DomainError(_("Write what has been done."), field="note")
    if status not in DirectiveTask.Status.values:
        raise DomainError(_("Choose a valid status."), field="status")
    with transaction.atomic():
        locked = DirectiveTask.objects.select_for_update().select_related("directive__campaign").get(pk=task.pk)
        if not in_users_ward(actor, locked.directive.campaign.ward):
            raise DomainError(_("You may only report on directives of your own ward."))
        progress = DirectiveTaskProgress(task=locked, author=actor, note=note, status_after=status)
        validate(progress, exclude=["task", "author"])
        progress.save()
        before = locked.status
        if before != status:
            locked.status = status
            locked.save(update_fields=["status"])
        audit_log(
            actor=actor,
            obj=locked,
            event=Event.DIRECTIVE_TASK_PROGRESS,
            before={"status": before},
            after={"status": status},
            note=note,
            ward=locked.directive.campaign.ward_id,
        )
    return progress
