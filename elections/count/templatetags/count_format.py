"""Figures of the count as Vietnamese writes them. Load with ``{% load count_format %}``."""

from django import template

from elections.count.selectors import percent_vi, result_section

register = template.Library()


@register.filter
def percent(value) -> str:
    """``44.04`` -> ``44,04%`` (two decimals, decimal comma)."""
    return percent_vi(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def count_result_section(context, group_election):
    """``{% count_result_section group_election as r %}``: the result block of the group page."""
    return result_section(group_election=group_election, user=context["request"].user)
