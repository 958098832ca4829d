"""Template tags of the campaign pages."""

from django import template
from django.template import TemplateDoesNotExist

from elections.workflow import STAGE_BADGES

register = template.Library()


@register.simple_tag(takes_context=True)
def include_if_exists(context, template_name: str, **extra):
    """Include `template_name` with the current context (plus `extra`), or nothing when it does not exist.

    The group page uses it so that each sub-app adds its own section when it ships one.
    """
    try:
        included = context.template.engine.get_template(template_name)
    except TemplateDoesNotExist:
        return ""
    with context.push(**extra):
        return included.render(context)


@register.filter
def stage_badge(stage: str) -> str:
    """The Bootstrap colour of a stage's badge, from the workflow table (every page alike)."""
    return STAGE_BADGES.get(stage, "secondary")
