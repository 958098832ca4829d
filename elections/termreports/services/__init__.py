"""Every change to a term report: writing, the review workflow, and the conference override.

draft -> submitted -> reviewed (cell secretary) -> accepted (ward official in charge);
a submitted or reviewed report may be returned with a comment, which sends it back to draft.
Each step locks the row, checks who may do it and in what order, saves, keeps the step in the
report's history and writes an audit entry on the group's timeline.
"""

from elections.termreports.services.common import EDITABLE_FIELDS, END_FIELDS, START_FIELDS
from elections.termreports.services.override import term_report_override_record, term_report_override_withdraw
from elections.termreports.services.review import term_report_accept, term_report_return, term_report_review
from elections.termreports.services.writing import (
    default_report_date,
    missing_for_submission,
    term_report_save,
    term_report_submit,
)

__all__ = [
    "EDITABLE_FIELDS",
    "END_FIELDS",
    "START_FIELDS",
    "default_report_date",
    "missing_for_submission",
    "term_report_accept",
    "term_report_override_record",
    "term_report_override_withdraw",
    "term_report_return",
    "term_report_review",
    "term_report_save",
    "term_report_submit",
]
