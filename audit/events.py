"""Every audit event code, once, with its label.

The values are the strings stored in `AuditEntry.event`, so they never change. Labels carry the context
"audit event", so a status of the same words elsewhere keeps its own translation. `audit_log` refuses a
code that is not here: a new event is added here first, with its label.
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class Event(models.TextChoices):
    # campaign, directive, plan, stages
    STAGE_CHANGED = "stage_changed", pgettext_lazy("audit event", "Stage changed")
    GROUP_ELECTION_OPENED = "group_election_opened", pgettext_lazy("audit event", "Election opened for the group")
    PLAN_UPDATED = "plan_updated", pgettext_lazy("audit event", "Plan changed")
    CAMPAIGN_CREATED = "campaign_created", pgettext_lazy("audit event", "Campaign created")
    CAMPAIGN_UPDATED = "campaign_updated", pgettext_lazy("audit event", "Campaign changed")
    LEGAL_PROFILE_UPDATED = "legal_profile_updated", pgettext_lazy("audit event", "Legal profile changed")
    DIRECTIVE_CREATED = "directive_created", pgettext_lazy("audit event", "Directive recorded")
    DIRECTIVE_UPDATED = "directive_updated", pgettext_lazy("audit event", "Directive changed")
    DIRECTIVE_TASK_CREATED = "directive_task_created", pgettext_lazy("audit event", "Directive task added")
    DIRECTIVE_TASK_UPDATED = "directive_task_updated", pgettext_lazy("audit event", "Directive task changed")
    DIRECTIVE_TASK_PROGRESS = (
        "directive_task_progress",
        pgettext_lazy("audit event", "Progress note on a directive task"),
    )
    DIFFICULTY_REPORTED = "difficulty_reported", pgettext_lazy("audit event", "Difficulty reported")
    DIFFICULTY_RESPONDED = "difficulty_responded", pgettext_lazy("audit event", "Response to a difficulty")
    AREA_ASSIGNED = "area_assigned", pgettext_lazy("audit event", "Area assigned to a committee member")
    AREA_UNASSIGNED = "area_unassigned", pgettext_lazy("audit event", "Area taken from a committee member")
    # register
    ROLL_IMPORTED = "roll_imported", pgettext_lazy("audit event", "Roll imported")
    ROLL_EXPORTED = "roll_exported", pgettext_lazy("audit event", "Roll exported")
    HOUSEHOLD_CREATED = "household_created", pgettext_lazy("audit event", "Household added")
    HOUSEHOLD_CHANGED = "household_changed", pgettext_lazy("audit event", "Household changed")
    RESIDENT_MOVED_IN = "resident_moved_in", pgettext_lazy("audit event", "Moved in / registered")
    RESIDENT_CORRECTED = "resident_corrected", pgettext_lazy("audit event", "Personal data corrected")
    RESIDENT_MOVED_AWAY = "resident_moved_away", pgettext_lazy("audit event", "Moved away")
    RESIDENT_DIED = "resident_died", pgettext_lazy("audit event", "Died")
    RESIDENT_HOUSEHOLD_CHANGED = "resident_household_changed", pgettext_lazy("audit event", "Changed household")
    LEADER_TERM_STARTED = "leader_term_started", pgettext_lazy("audit event", "Group leader's term started")
    LEADER_TERM_CLOSED = "leader_term_closed", pgettext_lazy("audit event", "Group leader's term closed")
    # candidates and complaints
    CONSULTATION_RECORDED = (
        "consultation_recorded",
        pgettext_lazy("audit event", "Consultation with the cell committee recorded"),
    )
    CANDIDATE_NOMINATED = "candidate_nominated", pgettext_lazy("audit event", "Candidate nominated")
    CANDIDATE_REVIEW_STARTED = "candidate_review_started", pgettext_lazy("audit event", "Candidate under review")
    CANDIDATE_CRITERION_ATTESTED = (
        "candidate_criterion_attested",
        pgettext_lazy("audit event", "Candidate standard attested"),
    )
    CANDIDATE_APPROVED = "candidate_approved", pgettext_lazy("audit event", "Candidate approved")
    CANDIDATE_REJECTED = "candidate_rejected", pgettext_lazy("audit event", "Candidate rejected")
    CANDIDATE_WITHDRAWN = "candidate_withdrawn", pgettext_lazy("audit event", "Candidate withdrawn")
    CANDIDATE_LIST_FROZEN = "candidate_list_frozen", pgettext_lazy("audit event", "Candidate list frozen when posted")
    CANDIDATE_LIST_CHANGED_AFTER_POSTING = (
        "candidate_list_changed_after_posting",
        pgettext_lazy("audit event", "Posted candidate list changed"),
    )
    COMPLAINT_RECEIVED = "complaint_received", pgettext_lazy("audit event", "Complaint received")
    COMPLAINT_INVESTIGATION_STARTED = (
        "complaint_investigation_started",
        pgettext_lazy("audit event", "Complaint under investigation"),
    )
    COMPLAINT_CONCLUDED = "complaint_concluded", pgettext_lazy("audit event", "Complaint concluded")
    COMPLAINT_ATTACHMENT_ADDED = (
        "complaint_attachment_added",
        pgettext_lazy("audit event", "Attachment added to a complaint"),
    )
    # term report
    TERM_REPORT_CREATED = "term_report_created", pgettext_lazy("audit event", "Term report started")
    TERM_REPORT_CHANGED = "term_report_changed", pgettext_lazy("audit event", "Term report edited")
    TERM_REPORT_SUBMITTED = "term_report_submitted", pgettext_lazy("audit event", "Term report submitted")
    TERM_REPORT_REVIEWED = (
        "term_report_reviewed",
        pgettext_lazy("audit event", "Term report reviewed by the cell secretary"),
    )
    TERM_REPORT_ACCEPTED = "term_report_accepted", pgettext_lazy("audit event", "Term report accepted")
    TERM_REPORT_RETURNED = "term_report_returned", pgettext_lazy("audit event", "Term report returned with comments")
    TERM_REPORT_OVERRIDE_RECORDED = (
        "term_report_override_recorded",
        pgettext_lazy("audit event", "Conference allowed without an accepted report"),
    )
    TERM_REPORT_OVERRIDE_WITHDRAWN = (
        "term_report_override_withdrawn",
        pgettext_lazy("audit event", "Permission to open without a report withdrawn"),
    )
    # election day
    TEAM_MEMBER_ADDED = "team_member_added", pgettext_lazy("audit event", "Election-team member added")
    TEAM_MEMBER_REMOVED = "team_member_removed", pgettext_lazy("audit event", "Election-team member removed")
    TEAM_DECISION_RECORDED = (
        "team_decision_recorded",
        pgettext_lazy("audit event", "Decision forming the election team recorded"),
    )
    TEAM_DECISION_CORRECTED = (
        "team_decision_corrected",
        pgettext_lazy("audit event", "Decision forming the election team corrected"),
    )
    ELECTORATE_FROZEN = "electorate_frozen", pgettext_lazy("audit event", "Electorate frozen")
    CONFERENCE_SCHEDULED = "conference_scheduled", pgettext_lazy("audit event", "Conference scheduled")
    CONFERENCE_UPDATED = "conference_updated", pgettext_lazy("audit event", "Conference details changed")
    CONFERENCE_OPENED = "conference_opened", pgettext_lazy("audit event", "Conference opened")
    CONFERENCE_VOTE_OPENED = "conference_vote_opened", pgettext_lazy("audit event", "Vote opened")
    CONFERENCE_ADJOURNED = "conference_adjourned", pgettext_lazy("audit event", "Conference adjourned")
    CONFERENCE_MINUTES_UPLOADED = "conference_minutes_uploaded", pgettext_lazy("audit event", "Signed minutes uploaded")
    COUNT_BOARD_MEMBER_ADDED = "count_board_member_added", pgettext_lazy("audit event", "Count board member added")
    COUNT_BOARD_MEMBER_REMOVED = (
        "count_board_member_removed",
        pgettext_lazy("audit event", "Count board member removed"),
    )
    CHECKED_IN = "checked_in", pgettext_lazy("audit event", "Checked in")
    CHECK_IN_UNDONE = "check_in_undone", pgettext_lazy("audit event", "Check-in undone")
    HEAD_COUNT_SET = "head_count_set", pgettext_lazy("audit event", "Head count entered")
    COUNT_ENTERED = "count_entered", pgettext_lazy("audit event", "Count entered")
    COUNT_ENTRY_CHANGED = "count_entry_changed", pgettext_lazy("audit event", "Count entry changed")
    COUNT_MISMATCH = "count_mismatch", pgettext_lazy("audit event", "The two count entries differ")
    COUNT_ACCEPTED = "count_accepted", pgettext_lazy("audit event", "Count accepted")
    COUNT_SEALED = "count_sealed", pgettext_lazy("audit event", "Count sealed")
    COUNT_CORRECTED = "count_corrected", pgettext_lazy("audit event", "Sealed count corrected")
    RECOGNITION_DECISION_ISSUED = (
        "recognition_decision_issued",
        pgettext_lazy("audit event", "Recognition decision issued"),
    )
    # papers, public pages, printing, operations
    PAPER_FINGERPRINT_ISSUED = (
        "paper_fingerprint_issued",
        pgettext_lazy("audit event", "Verification code issued for a paper"),
    )
    PUBLIC_RESULTS_TURNED_ON = "public_results_turned_on", pgettext_lazy("audit event", "Public results page turned on")
    PUBLIC_RESULTS_TURNED_OFF = (
        "public_results_turned_off",
        pgettext_lazy("audit event", "Public results page turned off"),
    )
    HALL_SCREEN_LINK_CREATED = "hall_screen_link_created", pgettext_lazy("audit event", "Hall screen link created")
    PRINT_JOB_REQUESTED = "print_job.requested", pgettext_lazy("audit event", "Batch printing requested")
    PRINT_JOB_RESTARTED = "print_job.restarted", pgettext_lazy("audit event", "Batch printing restarted")
    PRINT_JOB_RESUMED = "print_job.resumed", pgettext_lazy("audit event", "Batch printing resumed")
    PRINT_JOB_FAILED = "print_job.failed", pgettext_lazy("audit event", "Batch printing failed")
    BACKUP_RESTORED = "backup.restored", pgettext_lazy("audit event", "Backup restored")


CODES = frozenset(Event.values)


def event_label(code: str) -> str:
    """The event's label; a code no longer in use (kept in old entries) reads as its words."""
    if code in CODES:
        return str(Event(code).label)
    return code.replace("_", " ").capitalize()
