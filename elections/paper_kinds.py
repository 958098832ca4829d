"""The elections app's papers in batch printing: the ward's election plan (registered in ElectionsConfig.ready)."""

from django.utils.translation import gettext_lazy

from elections.papers import plan_pdf
from papers.kinds import register_kind


@register_kind("plan", gettext_lazy("Election plan of the ward"), ward_level=True, position=10)
def _plan(campaign, options: dict) -> bytes:
    return plan_pdf(campaign)
