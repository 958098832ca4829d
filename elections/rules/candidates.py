"""Rules about candidates."""

from __future__ import annotations

from datetime import date


def candidate_age_on(*, birth_date: date, on: date) -> int:
    """Age in full years on the date `on` (TT 04/2012 Art. 11: candidates 21+).

    The birthday itself counts as reaching the age, as in election practice. Someone
    born on 29 February reaches it on 28 February in common years, by analogy with
    the Civil Code 2015 rule for periods counted in months (Art. 148: when the last
    month has no matching day, the period ends on that month's last day). Not
    confirmed for this election; it only matters for a 29 February birthday.
    """
    if on < birth_date:
        raise ValueError("`on` is before the birth date")
    try:
        birthday_this_year = birth_date.replace(year=on.year)
    except ValueError:  # 29 February in a common year
        birthday_this_year = date(on.year, 2, 28)
    return on.year - birth_date.year - (on < birthday_this_year)
