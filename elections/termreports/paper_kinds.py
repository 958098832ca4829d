"""The term reports in batch printing (registered in TermReportsConfig.ready)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Action
from config.errors import DomainError
from elections.termreports.models import TermReport
from elections.termreports.papers import term_report_pdf
from papers.kinds import register_kind


@register_kind(
    "term_reports",
    gettext_lazy("End-of-term reports (2018-2020)"),
    # Whoever reads the reports prints them (elections.termreports.selectors.can_read_term_reports).
    actions=(
        Action.WRITE_TERM_REPORT,
        Action.REVIEW_TERM_REPORT,
        Action.ACCEPT_TERM_REPORT,
        Action.VIEW_DASHBOARD,
        Action.PRINT_PAPERS,
    ),
    position=20,
)
def _term_report(group_election, options: dict) -> bytes:
    report = TermReport.objects.filter(group_election=group_election).first()
    if report is None:
        raise DomainError(_("No end-of-term report has been written."))
    return term_report_pdf(report)
