"""Every change to a campaign's records goes through these services (checked, saved, audited)."""

from elections.services.campaigns import campaign_create, campaign_update, legal_profile_update
from elections.services.difficulties import difficulty_report_create, difficulty_respond
from elections.services.directives import (
    directive_create,
    directive_task_add_progress,
    directive_task_create,
    directive_task_update,
    directive_update,
    may_write_progress,
    split_numbered_tasks,
)
from elections.services.plan import PlanRow, plan_update
from elections.services.transitions import (
    group_election_approve_list,
    group_election_post_lists,
    group_election_schedule_revote,
    group_election_start_preparing,
)

__all__ = [
    "PlanRow",
    "campaign_create",
    "campaign_update",
    "difficulty_report_create",
    "difficulty_respond",
    "directive_create",
    "directive_task_add_progress",
    "directive_task_create",
    "directive_task_update",
    "directive_update",
    "group_election_approve_list",
    "group_election_post_lists",
    "group_election_schedule_revote",
    "group_election_start_preparing",
    "legal_profile_update",
    "may_write_progress",
    "plan_update",
    "split_numbered_tasks",
]
