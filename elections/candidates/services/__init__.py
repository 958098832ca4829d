"""The only code that changes candidates and complaints. Each function checks the actor's right, the rule,
locks what a race could break, saves and writes the audit entry."""

from elections.candidates.services.candidates import EDITABLE_STAGES, is_frozen, missing_criteria, open_complaints
from elections.candidates.services.complaints import (
    can_handle,
    complaint_attach,
    complaint_conclude,
    complaint_receive,
    complaint_start_investigation,
    default_due_on,
    detect_attachment_type,
    handle_action,
    handler_for,
)
from elections.candidates.services.decisions import (
    approval_problems,
    candidate_approve,
    candidate_reject,
    candidate_withdraw,
)
from elections.candidates.services.nomination import candidate_nominate, consultation_record
from elections.candidates.services.posted_list import (
    LIST_CHANGES,
    candidate_list_change_after_posting,
    candidate_list_freeze,
)
from elections.candidates.services.vetting import candidate_attest, candidate_attest_all, candidate_start_review

__all__ = [
    "EDITABLE_STAGES",
    "LIST_CHANGES",
    "approval_problems",
    "can_handle",
    "candidate_approve",
    "candidate_attest",
    "candidate_attest_all",
    "candidate_list_change_after_posting",
    "candidate_list_freeze",
    "candidate_nominate",
    "candidate_reject",
    "candidate_start_review",
    "candidate_withdraw",
    "complaint_attach",
    "complaint_conclude",
    "complaint_receive",
    "complaint_start_investigation",
    "consultation_record",
    "default_due_on",
    "detect_attachment_type",
    "handle_action",
    "handler_for",
    "is_frozen",
    "missing_criteria",
    "open_complaints",
]
