"""`{% conference_group_section group_election as s %}`: election day's data for the group page."""

from django import template

from elections.conference.selectors import group_section

register = template.Library()


@register.simple_tag(takes_context=True)
def conference_group_section(context, group_election) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return group_section(group_election=group_election, user=user)
