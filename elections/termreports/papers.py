"""The printed term report (Decree 30 form 1.4) and the ward's compilation of all reports."""

from __future__ import annotations

from accounts.models import Role, User
from elections.termreports.models import RESULT_AREAS, TermReport
from elections.termreports.selectors import Compilation, directive_of, report_figures
from papers.cache import render_cached_pdf

# Headings of section I.2 of the paper, in the order of RESULT_AREAS (the paper is Vietnamese by nature).
AREA_HEADINGS = {
    "security_order": "Công tác an ninh, trật tự",
    "environment_hygiene": "Công tác vệ sinh môi trường",
    "emulation": "Các phong trào thi đua",
    "policies_rules": "Thực hiện chủ trương, chính sách của Đảng, pháp luật của Nhà nước và quy ước, hương ước",
    "contributions_funds": "Vận động đóng góp các loại quỹ",
    "welfare": "Công tác an sinh xã hội",
}
AREA_LETTERS = ["a", "b", "c", "d", "đ", "e"]


def _directive_subject(directive) -> str:
    """ "Về việc lãnh đạo công tác bầu ..." -> "lãnh đạo công tác bầu ..." (the paper writes "về ..." itself)."""
    if directive is None:
        return ""
    title = directive.title.strip().rstrip(".")
    for prefix in ("về việc ", "v/v ", "về "):
        if title.lower().startswith(prefix):
            title = title[len(prefix) :]
            break
    return title[:1].lower() + title[1:]


def _ward_header(ward) -> str:
    return f"UBND {ward.upper_name}"


def term_report_context(report: TermReport) -> dict:
    group_election = report.group_election
    group = group_election.group
    campaign = group_election.campaign
    ward = group.ward
    areas = [
        {"letter": letter, "heading": AREA_HEADINGS[name], "text": getattr(report, name)}
        for letter, name in zip(AREA_LETTERS, RESULT_AREAS, strict=True)
    ]
    directive = directive_of(campaign)
    figures = report_figures(report=report, group_election=group_election)
    is_draft = not report.is_accepted
    # A report never cites figures "as of" a day after its own date: the figures are frozen on submission,
    # which may come after the date the leader put on the report; the note then names no day.
    doc_date = report.report_date
    cite_count_day = bool(
        not figures["end_live"] and figures["counted_on"] and (doc_date is None or figures["counted_on"] <= doc_date)
    )
    return {
        "report": report,
        "group": group,
        "ward": ward,
        "campaign": campaign,
        "directive": directive,
        "directive_subject": _directive_subject(directive),
        "figures": figures,
        "areas": areas,
        "superior_body": _ward_header(ward),
        "issuing_body": group.name.upper(),
        "place": ward.name,
        "doc_date": doc_date,
        "cite_count_day": cite_count_day,
        "pdf_title": f"Báo cáo tổng kết nhiệm kỳ {report.term_label} - {group.name}",
        "is_draft": is_draft,
    }


def term_report_pdf(report: TermReport) -> bytes:
    """The report as the outgoing leader reads it at the conference: A4, signed "TỔ TRƯỞNG"."""
    report = TermReport.objects.select_related(
        "group_election__group__ward", "group_election__group__party_cell", "group_election__campaign"
    ).get(pk=report.pk)
    return render_cached_pdf(template_name="termreports/papers/term_report.html", context=term_report_context(report))


def _chairman_name(ward) -> str:
    chairman = User.objects.filter(ward_id=ward.pk, role=Role.CHAIRMAN, is_active=True).order_by("pk").first()
    return chairman.full_name if chairman else ""


def compilation_pdf(compilation: Compilation, *, compiled_by) -> bytes:
    """The ward's compilation for the Party committee: one landscape table of every group's report,
    a report of the People's Committee ("Số: …/BC-UBND"), signed "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"."""
    ward = compilation.campaign.ward
    context = {
        "signer_name": _chairman_name(ward),
        "compilation": compilation,
        "campaign": compilation.campaign,
        "ward": ward,
        "place": ward.name,
        "doc_date": compilation.counted_on,
        "compiled_by": compiled_by,
        "pdf_title": f"Tổng hợp báo cáo tổng kết nhiệm kỳ {compilation.campaign.previous_term_label}",
    }
    return render_cached_pdf(template_name="termreports/papers/compilation.html", context=context)
