"""CSV and XLSX exports of the ward summary, safe to open in a spreadsheet.

Any text that a spreadsheet would take for a formula (starting with = + - @, a tab or a
carriage return) gets a leading apostrophe, and XLSX text cells are written as text, never
as formulas: a name typed as "=HYPERLINK(...)" in the register stays a name.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from elections.termreports.models import TermReport
from residents.roll.columns import neutralise


def safe_cell(value):
    """The value as a spreadsheet should store it: text that could start a formula (= + - @ tab CR) gets a
    leading apostrophe; numbers, dates and None pass unchanged. One rule for every export of the product:
    the text case is the roll export's own `residents.roll.columns.neutralise`."""
    return neutralise(value) if isinstance(value, str) else value


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def result_table(report) -> tuple[list[str], list[list]]:
    """The results of every group: header and rows (plain values)."""
    report_labels = dict(TermReport.Status.choices)
    header = [
        _("No."),
        _("Group code"),
        _("Residential group"),
        _("Party cell"),
        _("Stage"),
        _("Next deadline"),
        _("Overdue"),
        _("Candidates"),
        _("Approved candidates"),
        _("Party-member candidates"),
        _("Open complaints"),
        _("Term report"),
        _("Electorate"),
        _("Present"),
        _("Turnout (%)"),
        pgettext("summary column", "Quorum reached"),
        _("Elected leader"),
        _("Votes"),
        _("Votes as a percentage of the electorate"),
        _("Elected leader a Party member"),
        _("Elected after a re-vote"),
        _("Outgoing leader"),
        _("Outgoing leader a Party member"),
    ]
    rows = []
    for index, r in enumerate(report.rows, start=1):
        rows.append(
            [
                index,
                r.code,
                r.name,
                r.cell_name,
                r.stage_label,
                r.next_deadline.strftime("%d/%m/%Y") if r.next_deadline else "",
                _yes_no(r.overdue),
                r.candidates,
                r.candidates_approved,
                r.candidates_members,
                r.complaints_open,
                str(report_labels.get(r.report_status, "")) if r.report_status else _("None"),
                r.electorate,
                r.present,
                _number(r.turnout),
                _yes_no(r.quorum),
                r.elected_name,
                r.elected_votes,
                _number(r.elected_percent),
                _yes_no(r.elected_member) if r.has_result else "",
                _yes_no(r.elected_on_revote) if r.has_result else "",
                r.previous_leader,
                _yes_no(r.previous_member),
            ]
        )
    return header, rows


def goals_table(report) -> tuple[list[str], list[list]]:
    g = report.goals
    header = [_("Measure"), _("Count"), _("Out of"), _("Percent")]
    rows = [
        [
            _("Party members among the outgoing leaders"),
            g.previous_members,
            g.previous,
            _number(g.previous_members_pct),
        ],
        [
            _("Party members among the candidates"),
            g.candidates_members,
            g.candidates,
            _number(g.candidates_members_pct),
        ],
        [_("Party members among the elected leaders"), g.elected_members, g.elected, _number(g.elected_members_pct)],
        [
            _("Groups moved from a non-member to a Party-member leader"),
            g.moved_to_member,
            g.compared,
            _number(g.moved_to_member_pct),
        ],
        [_("Groups moved from a Party-member to a non-member leader"), g.moved_to_non_member, g.compared, None],
        [_("Elected on the first vote"), g.first_vote, g.voted, _number(g.first_vote_pct)],
        [_("Elected after a re-vote"), g.after_revote, g.voted, _number(g.after_revote_pct)],
        [_("Groups with no winner yet"), g.no_winner_yet, None, None],
        [_("Turnout (present / electorate)"), g.present, g.electorate, _number(g.turnout)],
    ]
    return header, rows


def complaints_table(report) -> tuple[list[str], list[list]]:
    header = [
        _("Residential group"),
        _("Candidate concerned"),
        _("Kind"),
        _("Received on"),
        _("Handled by"),
        _("Status"),
        _("Conclusion"),
        _("Findings"),
    ]
    rows = [
        [
            c.candidate.group_election.group.name,
            c.candidate.resident.full_name,
            c.get_kind_display(),
            c.received_on.strftime("%d/%m/%Y"),
            c.get_handler_display(),
            c.get_status_display(),
            c.get_conclusion_display() if c.conclusion else "",
            c.findings if report.show_findings else "",
        ]
        for c in report.complaints
    ]
    return header, rows


def difficulties_table(report) -> tuple[list[str], list[list]]:
    header = [
        _("Residential group"),
        _("Difficulty"),
        _("Description"),
        _("Reported by"),
        _("Reported on"),
        _("Status"),
    ]
    rows = [
        [
            d.group.name,
            d.title,
            d.description,
            str(d.reported_by),
            d.reported_at.strftime("%d/%m/%Y"),
            d.get_status_display(),
        ]
        for d in report.difficulties
    ]
    return header, rows


def summary_csv(report) -> bytes:
    """The results table as CSV (UTF-8 with a byte-order mark so spreadsheet programs read the diacritics)."""
    header, rows = result_table(report)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def summary_xlsx(report) -> bytes:
    """Four sheets: results of every group, the directive's goals, complaints, difficulties."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheets = [
        (_("Results"), result_table(report)),
        (_("Goals"), goals_table(report)),
        (_("Complaints"), complaints_table(report)),
        (_("Difficulties"), difficulties_table(report)),
    ]
    first = True
    for title, (header, rows) in sheets:
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = str(title)[:31]
        for col, value in enumerate(header, start=1):
            _write(sheet, 1, col, value).font = Font(bold=True)
        for row_index, row in enumerate(rows, start=2):
            for col, value in enumerate(row, start=1):
                _write(sheet, row_index, col, value)
        for col, value in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = max(10, min(40, len(str(value)) + 2))
            sheet.cell(row=1, column=col).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write(sheet, row: int, col: int, value):
    cell = sheet.cell(row=row, column=col)
    if value is None:
        return cell
    if isinstance(value, str):
        cell.value = safe_cell(value)
        cell.data_type = "s"  # text, never a formula
    else:
        cell.value = value
    return cell
