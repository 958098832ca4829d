"""Fills the conference's hooks on the count (`elections/conference/count_facts.py`); imported by
`CountConfig.ready()`."""

from elections.conference.count_facts import register_count_summary, register_minutes_verification
from elections.count.fingerprints import minutes_verification
from elections.count.selectors import count_summary

register_count_summary(count_summary)
register_minutes_verification(minutes_verification)
