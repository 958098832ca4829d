"""Roll import and export: the only place where a roll file changes the register."""

from __future__ import annotations

import logging

from django.db import transaction

from accounts.access import Action, can, require
from accounts.models import User
from audit.events import Event
from audit.services import audit_log
from config.errors import DomainError
from residents.models import ResidentialGroup
from residents.roll.exporting import roll_file
from residents.roll.importing import RollPlan, roll_apply, roll_plan
from residents.roll.parsing import roll_parse
from residents.roll.records import ParsedRoll

logger = logging.getLogger(__name__)


def roll_check(*, group: ResidentialGroup, content: bytes, filename: str) -> tuple[ParsedRoll, RollPlan | None]:
    """Read and check a file, and when it is valid, what importing it would change. Writes nothing."""
    parsed = roll_parse(content=content, filename=filename, has_party_cell=group.party_cell_id is not None)
    if not parsed.is_valid:
        return parsed, None
    return parsed, roll_plan(group=group, parsed=parsed)


def roll_import(*, actor: User, group: ResidentialGroup, content: bytes, filename: str) -> RollPlan:
    """Import the full roll of `group` from a CSV or XLSX file: all of it, or nothing.

    Raises DomainError listing every error (row, column, reason) when the file is not valid.
    Importing the same file again changes nothing and writes no audit entry.
    """
    require(actor, Action.IMPORT_ROLL, group)
    with transaction.atomic():
        # One import of a group at a time: the second waits and then sees the first one's rows.
        group = ResidentialGroup.objects.select_for_update().get(pk=group.pk)
        parsed, plan = roll_check(group=group, content=content, filename=filename)
        if plan is None:
            raise DomainError(*parsed.error_messages())
        if plan.has_changes:
            roll_apply(plan=plan)
            audit_log(
                actor=actor,
                obj=group,
                event=Event.ROLL_IMPORTED,
                after={**plan.counts(), "file": filename[:200], "rows": len(parsed.rows)},
                group=group,
            )
    counts = plan.counts()
    logger.info(
        "Roll of group %s (ward %s) imported: %s rows; households %s created, %s updated; residents %s created, "
        "%s updated.",
        group.pk,
        group.ward_id,
        len(parsed.rows),
        counts["households_created"],
        counts["households_updated"],
        counts["residents_created"],
        counts["residents_updated"],
    )
    return plan


def roll_export(*, actor: User, group: ResidentialGroup, file_format: str) -> tuple[bytes, str, str]:
    """The roll of `group` as (bytes, file name, content type). Birth dates and identity numbers
    only for users allowed to see personal data. Recorded in the audit log (personal data left the system)."""
    require(actor, Action.EXPORT_ROLL, group)
    personal = can(actor, Action.VIEW_PERSONAL_DATA, group)
    content, filename, content_type, count = roll_file(group=group, file_format=file_format, personal=personal)
    audit_log(
        actor=actor,
        obj=group,
        event=Event.ROLL_EXPORTED,
        after={"format": file_format, "residents": count, "personal_data": personal},
        group=group,
    )
    return content, filename, content_type
