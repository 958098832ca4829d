"""The kinds of paper batch printing knows: kind -> (label, who may print it, function producing one group's PDF).

Each kind states who may print it (`actions`: the actions of `accounts.access`, any of which allows it,
the same its single-paper view requires), so a batch grants nothing that printing one group's paper
refuses: the job is refused, and a job's file is listed and downloaded only by those allowed its kind.

Each producer takes a GroupElection and the job's options and returns PDF bytes, or raises
`DomainError` with a sentence saying why this group's paper cannot be made yet (no approved
candidates, no conference held, ...). A ward-level kind (`ward_level=True`, the plan) is made once
for the whole ward: its producer takes the Campaign instead. The paper functions themselves belong to the apps that
own the records; a kind whose function cannot be imported is simply not offered, so a new kind
is added here with one `register_kind(...)` call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Action, can
from config.errors import DomainError
from residents.fingerprints import voter_list_verification

Producer = Callable[..., bytes]


@dataclass(frozen=True)
class PaperKind:
    code: str
    label: str | Promise
    producer: Producer
    # Dotted paths ("module:function") that must import for this kind to be offered.
    requires: tuple[str, ...] = ()
    # Whether the kind takes a number of copies (ballots).
    takes_copies: bool = False
    # Who may print it: any of these actions (on the group, for one group's paper).
    actions: tuple[str, ...] = (Action.PRINT_PAPERS,)
    # One paper for the whole ward (the plan), not one per group: the producer takes the campaign.
    ward_level: bool = False
    # Whether the paper has a place at the group's stage (a re-vote notice only after a failed vote): a set
    # of kinds leaves out what does not apply instead of listing it as an error.
    applies: Callable[..., bool] | None = None

    def applies_to(self, subject) -> bool:
        return self.applies is None or bool(self.applies(subject))

    @property
    def available(self) -> bool:
        return all(_resolve(path) is not None for path in self.requires)

    def may_print(self, user, group=None) -> bool:
        return any(can(user, action, group) for action in self.actions)


_REGISTRY: dict[str, PaperKind] = {}


def register_kind(
    code: str,
    label: str | Promise,
    *,
    requires: tuple[str, ...] = (),
    takes_copies: bool = False,
    actions: tuple[str, ...] = (Action.PRINT_PAPERS,),
    ward_level: bool = False,
    applies: Callable[..., bool] | None = None,
) -> Callable[[Producer], Producer]:
    def decorator(func: Producer) -> Producer:
        _REGISTRY[code] = PaperKind(
            code=code,
            label=label,
            producer=func,
            requires=requires,
            takes_copies=takes_copies,
            actions=actions,
            ward_level=ward_level,
            applies=applies,
        )
        return func

    return decorator


def _resolve(path: str):
    module_name, _sep, attr = path.partition(":")
    try:
        module = import_module(module_name)
    except ImportError:
        return None
    return getattr(module, attr, None)


def _call(path: str, *args, **kwargs) -> bytes:
    func = _resolve(path)
    if func is None:
        raise DomainError(_("This kind of paper cannot be printed yet."))
    return func(*args, **kwargs)


def _call_value(path: str, *args, **kwargs):
    func = _resolve(path)
    if func is None:
        raise DomainError(_("This kind of paper cannot be printed yet."))
    return func(*args, **kwargs)


def all_kinds() -> list[PaperKind]:
    return list(_REGISTRY.values())


def available_kinds(user=None) -> list[PaperKind]:
    """The kinds that can be printed (and, given a user, that this user may print)."""
    return [kind for kind in _REGISTRY.values() if kind.available and (user is None or kind.may_print(user))]


def refused_kinds(user) -> list[str]:
    """Codes of the kinds this user may not print (their jobs are neither listed nor downloaded for them)."""
    return [kind.code for kind in _REGISTRY.values() if not kind.may_print(user)]


def get_kind(code: str) -> PaperKind | None:
    return _REGISTRY.get(code)


def kind_label(code: str) -> str | Promise:
    kind = _REGISTRY.get(code)
    return kind.label if kind else code


def produce(code: str, group_election, options: dict | None = None) -> bytes:
    """One group's PDF of this kind (the campaign's, for a ward-level kind); DomainError when it cannot be made."""
    kind = _REGISTRY.get(code)
    if kind is None or not kind.available:
        raise DomainError(_("This kind of paper cannot be printed yet."))
    data = kind.producer(group_election, options or {})
    if not data:
        raise DomainError(_("The paper came out empty."))
    return data


# --------------------------------------------------------------------------- lookups


def _latest_conference(group_election, *, held: bool):
    from elections.conference.models import Conference

    conferences = Conference.objects.filter(group_election=group_election).order_by("-sequence")
    if held:
        conferences = conferences.exclude(status__in=Conference.ACTIVE_STATUSES)
    conference = conferences.first()
    if conference is None:
        if held:
            raise DomainError(_("No conference has been held yet."))
        raise DomainError(_("No conference has been scheduled yet."))
    return conference


# ---------------------------------------------------------------------------- kinds
# Order of registration is the order in the form: the papers in the order they are needed.

CANDIDATE_PAPERS = "elections.candidates.papers"
CONFERENCE_PAPERS = "elections.conference.papers"
COUNT_PAPERS = "elections.count.papers"
NOTICE_PAPERS = "elections.conference.papers_notices"
PLAN_PAPERS = "elections.papers"
TERM_REPORT_PAPERS = "elections.termreports.papers"


@register_kind(
    "plan",
    gettext_lazy("Election plan of the ward"),
    requires=(f"{PLAN_PAPERS}:plan_pdf",),
    ward_level=True,
)
def _plan(campaign, options: dict) -> bytes:
    return _call(f"{PLAN_PAPERS}:plan_pdf", campaign)


@register_kind(
    "term_reports",
    gettext_lazy("End-of-term reports (2018-2020)"),
    requires=(f"{TERM_REPORT_PAPERS}:term_report_pdf",),
    # Whoever reads the reports prints them (elections.termreports.selectors.can_read_term_reports).
    actions=(
        Action.WRITE_TERM_REPORT,
        Action.REVIEW_TERM_REPORT,
        Action.ACCEPT_TERM_REPORT,
        Action.VIEW_DASHBOARD,
        Action.PRINT_PAPERS,
    ),
)
def _term_report(group_election, options: dict) -> bytes:
    from elections.termreports.models import TermReport

    report = TermReport.objects.filter(group_election=group_election).first()
    if report is None:
        raise DomainError(_("No end-of-term report has been written."))
    return _call(f"{TERM_REPORT_PAPERS}:term_report_pdf", report)


@register_kind(
    "consultation_minutes",
    gettext_lazy("Minutes of the candidate-list consultation"),
    requires=(f"{CANDIDATE_PAPERS}:consultation_minutes_pdf",),
)
def _consultation_minutes(group_election, options: dict) -> bytes:
    meeting = _call_value(f"{CANDIDATE_PAPERS}:latest_consultation", group_election)
    return _call(f"{CANDIDATE_PAPERS}:consultation_minutes_pdf", meeting)


@register_kind(
    "candidate_lists",
    gettext_lazy("Candidate lists for posting"),
    requires=(f"{CANDIDATE_PAPERS}:candidate_list_pdf",),
)
def _candidate_list(group_election, options: dict) -> bytes:
    return _call(f"{CANDIDATE_PAPERS}:candidate_list_pdf", group_election)


def _electorate_paper(group_election, options: dict, *, template: str, title: str) -> bytes:
    """The residents app's voter list / sign-in sheet for one group, as its own view builds it."""
    from django.utils import timezone

    from reports.pdf import render_pdf
    from residents import selectors

    group = group_election.group
    campaign = group_election.campaign
    mode = selectors.electorate_mode(campaign)
    rows, posted_at, frozen = [], None, False
    if group_election.list_posted_at:
        posted_at = timezone.localtime(group_election.list_posted_at).date()
        rows = selectors.frozen_electorate_rows(group_election)
        frozen = bool(rows)
    if not rows:
        rows = selectors.electorate_rows(group, mode=mode, on_date=selectors.reference_date(campaign))
    if not rows:
        raise DomainError(_("The group has no voters on the register."))
    household_reps = mode == selectors.HOUSEHOLD_REPS
    context = {
        "group": group,
        "ward": group.ward,
        "campaign": campaign,
        "mode": mode,
        "household_reps": household_reps,
        "on_date": selectors.reference_date(campaign),
        "rows": rows,
        "summary": selectors.electorate_summary(rows),
        "full_birth_dates": bool(options.get("full_birth_dates")),
        "superior_body": f"UBND {group.ward.upper_name}",
        "issuing_body": f"TỔ BẦU CỬ {group.name.upper()}",
        "place": group.ward.name,
        "doc_date": posted_at,
        "pdf_title": f"{title} - {group.name}",
    }
    if template == "residents/papers/voter_list.html" and frozen:
        context["verification"] = voter_list_verification(
            group=group, campaign=campaign, mode=mode, posted_on=posted_at, rows=rows
        )
    return render_pdf(template_name=template, context=context)


@register_kind(
    "voter_lists",
    gettext_lazy("Voter / household lists for posting"),
    requires=("residents.selectors:electorate_rows",),
)
def _voter_list(group_election, options: dict) -> bytes:
    return _electorate_paper(
        group_election, options, template="residents/papers/voter_list.html", title="Danh sách cử tri"
    )


@register_kind(
    "sign_in_sheets",
    gettext_lazy("Sign-in sheets for the conference"),
    requires=("residents.selectors:electorate_rows",),
)
def _sign_in_sheet(group_election, options: dict) -> bytes:
    return _electorate_paper(
        group_election, options, template="residents/papers/signin_sheet.html", title="Danh sách ký tên dự hội nghị"
    )


@register_kind(
    "team_decisions",
    gettext_lazy("Decisions forming the election teams"),
    requires=(f"{CONFERENCE_PAPERS}:team_decision_pdf",),
)
def _team_decision(group_election, options: dict) -> bytes:
    return _call(f"{CONFERENCE_PAPERS}:team_decision_pdf", group_election)


@register_kind(
    "invitations",
    gettext_lazy("Invitations to the conference"),
    requires=(f"{NOTICE_PAPERS}:invitation_pdf",),
)
def _invitations(group_election, options: dict) -> bytes:
    return _call(f"{NOTICE_PAPERS}:invitation_pdf", group_election)


@register_kind(
    "ballots",
    gettext_lazy("Ballot papers"),
    requires=(f"{CANDIDATE_PAPERS}:ballot_pdf",),
    takes_copies=True,
    actions=(Action.PRINT_BALLOTS,),
)
def _ballots(group_election, options: dict) -> bytes:
    copies = options.get("copies") or _electorate_count(group_election)
    if not copies:
        raise DomainError(_("The group has no voters on the register, so no ballot count is known."))
    return _call(f"{CANDIDATE_PAPERS}:ballot_pdf", group_election, copies)


def _electorate_count(group_election) -> int:
    """One ballot per elector: the frozen list once posted, else the register today."""
    from elections.conference.models import Elector
    from residents import selectors

    frozen = Elector.objects.filter(group_election=group_election).count()
    if frozen:
        return frozen
    campaign = group_election.campaign
    rows = selectors.electorate_rows(
        group_election.group, mode=selectors.electorate_mode(campaign), on_date=selectors.reference_date(campaign)
    )
    return len(rows)


@register_kind(
    "minutes",
    gettext_lazy("Conference minutes"),
    requires=(f"{CONFERENCE_PAPERS}:minutes_pdf",),
)
def _minutes(group_election, options: dict) -> bytes:
    return _call(f"{CONFERENCE_PAPERS}:minutes_pdf", _latest_conference(group_election, held=True))


@register_kind(
    "count_records",
    gettext_lazy("Count records"),
    requires=(f"{COUNT_PAPERS}:count_record_pdf",),
)
def _count_record(group_election, options: dict) -> bytes:
    return _call(f"{COUNT_PAPERS}:count_record_pdf", _latest_conference(group_election, held=True))


@register_kind(
    "revote_notices",
    gettext_lazy("Re-vote notices"),
    requires=(f"{COUNT_PAPERS}:revote_notice_pdf",),
    applies=lambda ge: ge.conferences.filter(is_revote=True).exists(),
)
def _revote_notice(group_election, options: dict) -> bytes:
    return _call(f"{COUNT_PAPERS}:revote_notice_pdf", group_election)


@register_kind(
    "draft_decisions",
    gettext_lazy("Draft recognition decisions (DỰ THẢO)"),
    requires=(f"{COUNT_PAPERS}:draft_decision_pdf",),
    applies=lambda ge: ge.stage == "elected",
)
def _draft_decision(group_election, options: dict) -> bytes:
    return _call(f"{COUNT_PAPERS}:draft_decision_pdf", group_election)


@register_kind(
    "recognition_decisions",
    gettext_lazy("Recognition decisions"),
    requires=(f"{COUNT_PAPERS}:recognition_decision_pdf",),
)
def _recognition_decision(group_election, options: dict) -> bytes:
    from elections.count.models import RecognitionDecision

    decision = RecognitionDecision.objects.filter(group_election=group_election).first()
    if decision is None:
        raise DomainError(_("No recognition decision has been issued."))
    return _call(f"{COUNT_PAPERS}:recognition_decision_pdf", decision)
