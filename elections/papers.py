"""The ward's election plan as a paper (KẾ HOẠCH tổ chức bầu Tổ trưởng tổ dân phố), from the plan the app holds:
the legal calendar, the day and form of the vote, and per group the official in charge, the committee member
following it, the date and the venue. Returns PDF bytes, for the plan page and batch printing alike."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from config.errors import DomainError
from elections.models import Campaign, GroupElection
from elections.rules import deadline_calendar
from papers.cache import render_cached_pdf

#: The steps of the calendar as the paper words them (Vietnamese whatever the interface language).
STEP_WORDS = {
    "plan": ("Công bố ngày bầu cử, ban hành kế hoạch, hướng dẫn các tổ dân phố", "Chủ tịch UBND phường"),
    "candidate_list": (
        "Ban công tác Mặt trận dự kiến danh sách người ứng cử (01 hoặc 02 người), hiệp thương với Chi ủy chi bộ",
        "Ban công tác Mặt trận tổ dân phố; Chi ủy chi bộ",
    ),
    "team_decision": (
        "Quyết định thành lập Tổ bầu cử; quyết định hình thức bầu (cử tri hoặc đại diện hộ gia đình)",
        "Chủ tịch UBND phường",
    ),
    "posting": ("Niêm yết danh sách cử tri và danh sách người ứng cử", "Tổ bầu cử"),
    "term_report": (
        "Hoàn thành báo cáo tổng kết nhiệm kỳ của Tổ trưởng tổ dân phố",
        "Tổ trưởng tổ dân phố; Bí thư chi bộ",
    ),
    "election": ("Tổ chức hội nghị bầu Tổ trưởng tổ dân phố", "Tổ bầu cử"),
    "recognition": ("Ban hành quyết định công nhận Tổ trưởng tổ dân phố", "Chủ tịch UBND phường"),
}


def _legal_bases(campaign: Campaign) -> list[str]:
    bases = []
    for line in campaign.legal_profile.legal_basis.splitlines():
        line = line.strip().rstrip(";.").strip()
        if line:
            bases.append(line if line.lower().startswith("căn cứ") else f"Căn cứ {line}")
    return bases


def _planned_when(ge: GroupElection):
    if ge.round > 1:
        first = min(ge.conferences.all(), key=lambda c: c.sequence, default=None)  # prefetched
        return timezone.localtime(first.scheduled_at) if first else None
    return timezone.localtime(ge.planned_at) if ge.planned_at else None


def plan_context(campaign: Campaign, *, group_elections=None) -> dict:
    ward = campaign.ward
    rules = campaign.legal_profile.rules()
    calendar = deadline_calendar(election_day=campaign.election_day, rules=rules)
    steps = []
    for deadline in calendar:
        words = STEP_WORDS.get(deadline.code)
        if words is None:
            continue
        text, responsible = words
        steps.append({"text": text, "responsible": responsible.replace("phường", ward.kind), "due": deadline.due})
    if group_elections is None:
        group_elections = GroupElection.objects.filter(campaign=campaign)
    rows = [
        {
            "group": ge.group,
            "official": ge.official_in_charge.display_name if ge.official_in_charge_id else "",
            "member": ge.committee_member.display_name if ge.committee_member_id else "",
            # The plan's own date: a re-vote moves `planned_at`, and is announced by its own notice.
            "when": _planned_when(ge),
            "venue": ge.planned_venue,
        }
        for ge in group_elections.select_related("group", "official_in_charge", "committee_member")
        .prefetch_related("conferences")
        .order_by("group__code")
    ]
    if not rows:
        raise DomainError(_("The campaign has no group to plan for."))
    plan_due = next((d.due for d in calendar if d.code == "plan"), campaign.election_day)
    chairman = User.objects.filter(ward_id=ward.pk, role=Role.CHAIRMAN, is_active=True).order_by("pk").first()
    directive = campaign.directives.order_by("issued_on", "pk").first()
    return {
        "campaign": campaign,
        "ward": ward,
        "profile": campaign.legal_profile,
        "legal_bases": _legal_bases(campaign),
        "directive": directive,
        "household_reps": campaign.electorate_mode == Campaign.Electorate.HOUSEHOLD_REPS,
        "steps": steps,
        "rows": rows,
        "signer_name": chairman.full_name if chairman else "",
        # Issued by the plan's deadline (D-20) at the latest; printed earlier, it carries the day it is printed.
        "doc_date": min(timezone.localdate(), plan_due),
        "place": ward.name,
        "pdf_title": f"Kế hoạch tổ chức bầu Tổ trưởng tổ dân phố nhiệm kỳ {campaign.label}",
    }


def plan_pdf(campaign: Campaign, *, group_elections=None) -> bytes:
    """KẾ HOẠCH tổ chức bầu Tổ trưởng tổ dân phố of the ward People's Committee (Decree 30/2020 form 1.1 by layout)."""
    return render_cached_pdf(
        template_name="elections/papers/plan.html", context=plan_context(campaign, group_elections=group_elections)
    )
