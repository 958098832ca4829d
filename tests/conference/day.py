"""Helpers for the election-day tests (team, conference, check-in): a group with a frozen electorate."""

from __future__ import annotations

import datetime
import io
import unicodedata

from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from elections.conference.models import Conference, Elector, TeamMember
from elections.conference.services.checkin import electorate_freeze
from elections.conference.services.conference import conference_schedule
from elections.models import Campaign, GroupElection, Stage
from residents.names import fold
from tests.factories import CampaignFactory, GroupElectionFactory, HouseholdFactory, ResidentFactory, user_with_role

DAY = timezone.make_aware(datetime.datetime(2021, 1, 10, 8, 0))
NAMES = ["Nguyễn Văn A", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Đức", "Võ Thị Én"]


def pdf_text(data: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFC", text)


def election_with_register(*, households: int = 5, stage: str = Stage.LISTS_POSTED, override: bool = True, **kwargs):
    """A group election whose register has `households` households of one adult each, electorate frozen."""
    if "campaign" not in kwargs:
        kwargs["campaign"] = Campaign.objects.filter(is_current=True).first() or CampaignFactory()
    group_election = GroupElectionFactory(stage=stage, **kwargs)
    for index in range(households):
        household = HouseholdFactory(group=group_election.group, number=f"{index + 1:03d}")
        ResidentFactory(household=household, full_name=NAMES[index % len(NAMES)])
    if override:
        group_election.report_override_reason = "Báo cáo được trình bày trực tiếp tại hội nghị."
        group_election.save(update_fields=["report_override_reason"])
    electorate_freeze(group_election=group_election, actor=None)
    return group_election


def bulk_electorate(group_election, size: int) -> None:
    """`size` electors without a register behind them (for quorum arithmetic on big groups)."""
    Elector.objects.bulk_create(
        Elector(
            group_election=group_election,
            number=n,
            household_number=f"{n:03d}",
            full_name=f"Cử tri {n}",
            name_folded=fold(f"Cử tri {n}"),
        )
        for n in range(1, size + 1)
    )


def schedule(group_election, actor=None, **kwargs) -> Conference:
    kwargs.setdefault("scheduled_at", DAY)
    kwargs.setdefault("venue", "Nhà văn hóa tổ dân phố")
    kwargs.setdefault("chair_name", "Lê Văn Chủ")
    kwargs.setdefault("secretary_name", "Trần Thị Thư")
    return conference_schedule(group_election=group_election, actor=actor, **kwargs)


def team_user(group, *, seated: bool = True, **kwargs):
    """An election-team account of the group; `seated`: with a place on the team of the group's election
    (where the right to check in and to open the sitting and the vote comes from)."""
    user = user_with_role(Role.TEAM_MEMBER, ward=group.ward, group=group, **kwargs)
    if seated:
        for group_election in GroupElection.objects.filter(group=group):
            TeamMember.objects.create(group_election=group_election, full_name=f"Tổ viên {user.username}", user=user)
    return user
