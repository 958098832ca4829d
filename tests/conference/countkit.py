"""Helpers for the count, result and recognition tests: a conference whose vote is open.

The conference row is written directly in the state the conference services leave it in when the vote
opens (electorate frozen, present frozen, a count board with accounts, the group at "Conference held"),
so that each count test starts at the count. The whole path through the real services is exercised by
the re-vote end-to-end test.
"""

from __future__ import annotations

import datetime
import io
import unicodedata

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from elections.candidates.models import Candidate
from elections.conference.models import BoardRole, Conference, CountBoardMember, Elector
from elections.count.services.figures import CountData
from elections.models import Campaign, Stage
from residents.names import fold
from tests.candidates.factories import CandidateFactory
from tests.factories import (
    CampaignFactory,
    GroupElectionFactory,
    HouseholdFactory,
    ResidentFactory,
    user_with_role,
)

DAY = timezone.make_aware(datetime.datetime(2021, 1, 10, 8, 0))


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Users are made by the dozen here: hash their passwords cheaply (import this fixture into a module)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pdf_text(data: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFC", text)


def electors(group_election, size: int) -> None:
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


class Day:
    """A group election at "Conference held" with its conference voting, two candidates, a count board."""

    def __init__(
        self,
        *,
        electorate: int = 361,
        present: int = 314,
        method: str = "secret",
        names: tuple[str, ...] = ("Nguyễn Văn An", "Trần Thị Bình"),
        campaign: Campaign | None = None,
        group_election=None,
    ):
        if group_election is None:
            campaign = campaign or Campaign.objects.filter(is_current=True).first() or CampaignFactory()
            group_election = GroupElectionFactory(campaign=campaign, stage=Stage.CONFERENCE_HELD)
        self.group_election = group_election
        self.group = group_election.group
        self.ward = self.group.ward
        if not Elector.objects.filter(group_election=group_election).exists():
            electors(group_election, electorate)
        self.candidates = []
        for index, name in enumerate(names):
            household = HouseholdFactory(group=self.group, number=f"9{index:02d}")
            resident = ResidentFactory(household=household, full_name=name, gender="F" if "Thị" in name else "M")
            self.candidates.append(
                CandidateFactory(group_election=group_election, resident=resident, status=Candidate.Status.APPROVED)
            )
        self.conference = Conference.objects.create(
            group_election=group_election,
            sequence=1,
            scheduled_at=DAY,
            venue="Nhà văn hóa tổ dân phố",
            chair_name="Lê Văn Chủ",
            status=Conference.Status.VOTING,
            voting_method=method,
            electorate_mode=group_election.campaign.electorate_mode,
            electorate_size=electorate,
            present_at_vote=present,
            opened_at=DAY,
            vote_opened_at=DAY + datetime.timedelta(hours=1),
        )
        self.head = self.team_user()
        self.member_a = self.team_user()
        self.member_b = self.team_user()
        CountBoardMember.objects.create(
            conference=self.conference, full_name="Phan Văn Trưởng", role=BoardRole.HEAD, user=self.head
        )
        CountBoardMember.objects.create(
            conference=self.conference, full_name="Lê Thị Một", role=BoardRole.MEMBER, user=self.member_a
        )
        CountBoardMember.objects.create(
            conference=self.conference, full_name="Hồ Văn Hai", role=BoardRole.MEMBER, user=self.member_b
        )

    def team_user(self, **kwargs):
        return user_with_role(Role.TEAM_MEMBER, ward=self.ward, group=self.group, **kwargs)

    def official(self, role=Role.WARD_OFFICIAL, **kwargs):
        return user_with_role(role, ward=self.ward, **kwargs)

    @property
    def first(self):
        return self.candidates[0]

    @property
    def second(self):
        return self.candidates[1]

    def data(self, votes: tuple[int, ...], *, issued=None, returned=None, valid=None, invalid=None) -> CountData:
        """Figures that add up unless told otherwise: every returned ballot valid, except `invalid`."""
        invalid = invalid or {}
        total_invalid = sum(invalid.values())
        valid = sum(votes) if valid is None else valid
        returned = valid + total_invalid if returned is None else returned
        issued = returned if issued is None else issued
        return CountData(
            issued=issued,
            returned=returned,
            valid=valid,
            invalid_by_reason=invalid,
            votes={c.pk: n for c, n in zip(self.candidates, votes, strict=True)},
        )

    def form_data(self, data: CountData) -> dict:
        return {key: str(value) for key, value in data.flat().items()}

    def elector(self, number: int) -> Elector:
        return Elector.objects.get(group_election=self.group_election, number=number)
