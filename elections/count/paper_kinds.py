"""The count's papers in batch printing (registered in CountConfig.ready): the count record, the re-vote notice, the
draft and the issued recognition decisions, in their places after the conference's papers."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from elections.conference.paper_kinds import latest_conference
from elections.count.models import RecognitionDecision
from elections.count.papers import count_record_pdf, draft_decision_pdf, recognition_decision_pdf, revote_notice_pdf
from papers.kinds import register_kind


@register_kind("count_records", gettext_lazy("Count records"), position=110)
def _count_record(group_election, options: dict) -> bytes:
    return count_record_pdf(latest_conference(group_election, held=True))


@register_kind(
    "revote_notices",
    gettext_lazy("Re-vote notices"),
    applies=lambda ge: ge.conferences.filter(is_revote=True).exists(),
    position=120,
)
def _revote_notice(group_election, options: dict) -> bytes:
    return revote_notice_pdf(group_election)


@register_kind(
    "draft_decisions",
    gettext_lazy("Draft recognition decisions (DỰ THẢO)"),
    applies=lambda ge: ge.stage == "elected",
    position=130,
)
def _draft_decision(group_election, options: dict) -> bytes:
    return draft_decision_pdf(group_election)


@register_kind("recognition_decisions", gettext_lazy("Recognition decisions"), position=140)
def _recognition_decision(group_election, options: dict) -> bytes:
    decision = RecognitionDecision.objects.filter(group_election=group_election).first()
    if decision is None:
        raise DomainError(_("No recognition decision has been issued."))
    return recognition_decision_pdf(decision)
