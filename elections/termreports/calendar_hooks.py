"""The term report's step of the legal calendar is done once the ward has accepted the report."""

from elections.calendar import register_step_check
from elections.termreports.models import TermReport


@register_step_check("term_report")
def accepted_reports(group_elections):
    return TermReport.objects.filter(
        group_election__in=[ge.pk for ge in group_elections], status=TermReport.Status.ACCEPTED
    ).values_list("group_election_id", flat=True)
