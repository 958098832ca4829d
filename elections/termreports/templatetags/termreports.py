"""Template helpers for pages of other apps that show a group's term report (the group-election card)."""

from django import template

from elections.termreports import selectors

register = template.Library()

STATUS_CSS = {
    "none": "secondary",
    "draft": "warning",
    "submitted": "info",
    "reviewed": "primary",
    "accepted": "success",
}


@register.simple_tag
def term_report_state(group_election, user) -> dict:
    """{% term_report_state group_election user as state %}: state.report, .perms, .blocker, .status, .css."""
    report = selectors.report_of(group_election)
    status = report.status if report is not None else "none"
    return {
        "report": report,
        "status": status,
        "css": STATUS_CSS[status],
        "perms": selectors.report_permissions(user=user, group_election=group_election, report=report),
        "blocker": selectors.conference_opening_blocker(group_election),
        "last_return": selectors.last_return(report) if report is not None else None,
    }


@register.filter
def report_status_css(status: str) -> str:
    return STATUS_CSS.get(status or "none", "secondary")
