"""Template helpers for pages of other apps that show a group's term report (the group-election card)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from elections.termreports import selectors
from papers.templatetags.papers import vn_quotes

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


@register.filter(needs_autoescape=True)
def paragraphs(text: str, autoescape: bool = True) -> str:
    """Each non-empty line of a text as its own <p> (so every paragraph of a paper gets its first-line indent)."""
    escape = conditional_escape if autoescape else (lambda s: s)
    lines = [line.strip() for line in (text or "").splitlines()]
    # Printed papers use Vietnamese quotes (“ ”), whatever the writer typed.
    return mark_safe("".join(f"<p>{escape(vn_quotes(line))}</p>" for line in lines if line))  # noqa: S308 - escaped above
