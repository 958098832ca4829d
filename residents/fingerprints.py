"""The payload of a posted voter (or household-representative) list for its fingerprint.

Only what every printing of the posted list shows alike: the numbers and names in order and the totals.
Birth dates are printed in full or as years depending on who prints, so they are left out.
"""

from __future__ import annotations

import datetime

from residents.models import Resident
from verification.fingerprint import PaperVerification, paper_verification


def voter_list_payload(
    *, group, term: str, mode: str, posted_on: datetime.date, rows: list[tuple[int, str, str]]
) -> dict:
    """`rows` are (number, full name, gender) in the printed order."""
    men = sum(1 for _number, _name, gender in rows if gender == Resident.Gender.MALE)
    return {
        "paper": "voter_list",
        "ward": group.ward.name,
        "group": group.name,
        "term": term,
        "mode": mode,
        "date": posted_on,
        "rows": [[number, name] for number, name, _gender in rows],
        "total": len(rows),
        "men": men,
        "women": len(rows) - men,
    }


def voter_list_verification(
    *, group, campaign, mode: str, posted_on: datetime.date | None, rows
) -> PaperVerification | None:
    """The fingerprint a voter list prints: only the posted (frozen) list in the campaign's own mode,
    `rows` being its ElectorateRow lines; None for any other printing."""
    if campaign is None or posted_on is None or not rows or mode != campaign.electorate_mode:
        return None
    payload = voter_list_payload(
        group=group,
        term=campaign.label,
        mode=mode,
        posted_on=posted_on,
        rows=[(row.number, row.name, row.gender) for row in rows],
    )
    return paper_verification(payload)
