"""A synthetic city for benchmarks and tests: N residential groups of ~250 households each, one campaign, every
stage of the election represented, with candidates, complaints, term reports, conferences, counts and
recognition decisions. Everything is written with bulk_create, so 2,000 groups / 500,000 households
take minutes on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench .venv/bin/python bench/make_city.py --groups 2000

Also used by the tests (with a few households per group) to build wards of any size; the command line
above lives in bench/make_city.py.
The ward is marked as sample data; usernames are bench<ward id>_ubnd / _danguy (password "bench-2021").
"""

from __future__ import annotations

import datetime
import random
import time

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from elections.candidates.models import Candidate, Complaint
from elections.conference.models import Conference
from elections.count.models import Count, CountVote, RecognitionDecision
from elections.models import Campaign, Directive, DirectiveTask, GroupElection, LegalProfile
from elections.termreports.models import TermReport
from reports.synthetic_register import BATCH, households_and_residents
from residents.models import LeaderTerm, PartyCell, ResidentialGroup, Ward

PASSWORD = "bench-2021"  # noqa: S105 - the synthetic wards are sample data, never a real office

# Share of groups per stage (the rest are planned).
STAGE_MIX = [
    ("recognised", 0.40),
    ("elected", 0.10),
    ("no_winner", 0.04),
    ("revote_scheduled", 0.04),
    ("conference_held", 0.02),
    ("lists_posted", 0.15),
    ("list_approved", 0.10),
    ("preparing", 0.10),
]


_HASH: list[str] = []


def _password_hash() -> str:
    # Hashing is slow on purpose; one hash serves every bench user (and every test ward).
    if not _HASH:
        _HASH.append(make_password(PASSWORD))
    return _HASH[0]


def _stages(n: int, rng: random.Random) -> list[str]:
    stages: list[str] = []
    for stage, share in STAGE_MIX:
        stages += [stage] * round(n * share)
    stages = stages[:n] + ["planned"] * max(0, n - len(stages))
    rng.shuffle(stages)
    return stages


def build_city(
    *,
    groups: int,
    households: int = 250,
    residents_per_household: int = 2,
    name: str | None = None,
    seed: int = 2021,
    log=None,
):
    """Create a ward with `groups` groups and return it. Idempotent per name: an existing ward is returned."""
    rng = random.Random(seed)
    name = name or f"Mẫu {groups} tổ"
    say = log or (lambda message: None)
    existing = Ward.objects.filter(name=name, district="Quận Mẫu", province="Tỉnh Mẫu").first()
    if existing is not None:
        say(f"{name}: already there")
        return existing
    started = time.monotonic()

    def step(message: str) -> None:
        say(f"[{time.monotonic() - started:6.1f}s] {message}")

    with transaction.atomic():
        ward = Ward.objects.create(name=name, district="Quận Mẫu", province="Tỉnh Mẫu", is_sample=True)
        cells = PartyCell.objects.bulk_create(
            PartyCell(ward=ward, name=f"Chi bộ Khu dân cư {i + 1}") for i in range((groups + 2) // 3)
        )
        width = max(2, len(str(groups)))
        group_objs = ResidentialGroup.objects.bulk_create(
            ResidentialGroup(ward=ward, code=f"{i + 1:0{width}d}", name=f"Tổ dân phố {i + 1}", party_cell=cells[i // 3])
            for i in range(groups)
        )
        step(f"{groups} groups, {len(cells)} cells")

        password = _password_hash()
        official = User.objects.create(
            username=f"bench{ward.pk}_ubnd",
            full_name="Cán bộ Văn phòng",
            role=Role.WARD_OFFICIAL,
            ward=ward,
            password=password,
        )
        member = User.objects.create(
            username=f"bench{ward.pk}_danguy",
            full_name="Đảng ủy viên",
            role=Role.COMMITTEE_MEMBER,
            ward=ward,
            password=password,
        )
        member.assigned_groups.set(group_objs[: max(1, groups // 10)])
        User.objects.create(
            username=f"bench{ward.pk}_chutich",
            full_name="Chủ tịch UBND",
            role=Role.CHAIRMAN,
            ward=ward,
            password=password,
        )

        residents_by_group, total = households_and_residents(
            group_objs, households=households, residents_per_household=residents_per_household, rng=rng
        )
        step(f"{total} households, {total * residents_per_household} residents")

        profile, _ = LegalProfile.objects.get_or_create(
            code="nqlt-09-2008",
            defaults={
                "name": "NQLT 09/2008, TT 04/2012 sửa đổi bởi TT 14/2018",
                "legal_basis": "Pháp lệnh số 34/2007/PL-UBTVQH11",
            },
        )
        day = datetime.date(2021, 1, 10)
        campaign = Campaign.objects.create(
            ward=ward,
            label="2021-2023",
            previous_term_label="2018-2020",
            term_start=day,
            term_end=datetime.date(2023, 7, 10),
            election_day=day,
            electorate_mode=Campaign.Electorate.HOUSEHOLD_REPS,
            legal_profile=profile,
        )
        directive = Directive.objects.create(
            campaign=campaign,
            number="13-CV/ĐU",
            issued_on=datetime.date(2020, 12, 16),
            issuing_body="Ban Chấp hành Đảng bộ phường",
            title="Công văn về lãnh đạo bầu cử Tổ trưởng tổ dân phố nhiệm kỳ 2021-2023",
            text="Văn bản mẫu.",
        )
        DirectiveTask.objects.bulk_create(
            DirectiveTask(
                directive=directive, number=i, summary=f"Nhiệm vụ {i}", text=f"Nội dung nhiệm vụ {i}.", bodies=["ubnd"]
            )
            for i in range(1, 7)
        )

        stages = _stages(groups, rng)
        elections = GroupElection.objects.bulk_create(
            GroupElection(
                campaign=campaign,
                group=group,
                stage=stage,
                official_in_charge=official,
                round=2 if stage in ("revote_scheduled",) else 1,
            )
            for group, stage in zip(group_objs, stages, strict=True)
        )
        LeaderTerm.objects.bulk_create(
            LeaderTerm(
                group=group,
                resident=residents_by_group[group.pk][-1],
                full_name=residents_by_group[group.pk][-1].full_name,
                term_label="2018-2020",
                start_date=datetime.date(2018, 7, 1),
                end_date=datetime.date(2021, 1, 9),
                was_party_member=rng.random() < 0.45,
            )
            for group in group_objs
        )
        step("campaign, directive, group elections, outgoing leaders")

        # Candidates: none while planned; 1-2 from preparing on (approved from the approved list on).
        candidates: list[Candidate] = []
        for election, stage in zip(elections, stages, strict=True):
            if stage == "planned":
                continue
            people = residents_by_group[election.group_id]
            for k in range(1 if rng.random() < 0.6 else 2):
                resident = people[k]
                candidates.append(
                    Candidate(
                        group_election=election,
                        resident=resident,
                        source=Candidate.Source.SELF,
                        status=Candidate.Status.NOMINATED if stage == "preparing" else Candidate.Status.APPROVED,
                        nominated_by=official,
                        party_member_at_vetting=resident.is_party_member,
                    )
                )
        Candidate.objects.bulk_create(candidates, batch_size=BATCH)
        by_election: dict[int, list[Candidate]] = {}
        for candidate in candidates:
            by_election.setdefault(candidate.group_election_id, []).append(candidate)
        complaints = []
        for candidate in candidates:
            if rng.random() < 0.03:
                concluded = rng.random() < 0.5
                complaints.append(
                    Complaint(
                        candidate=candidate,
                        received_on=datetime.date(2020, 12, 28),
                        channel=Complaint.Channel.LETTER,
                        complainant_name="Người phản ánh",
                        content="Phản ánh về người ứng cử.",
                        handler=Complaint.Handler.WARD,
                        due_on=datetime.date(2021, 1, 7),
                        status=Complaint.Status.CONCLUDED if concluded else Complaint.Status.RECEIVED,
                        findings="Đã xác minh." if concluded else "",
                        conclusion=Complaint.Conclusion.NOT_UPHELD if concluded else "",
                        received_by=official,
                    )
                )
        Complaint.objects.bulk_create(complaints, batch_size=BATCH)
        step(f"{len(candidates)} candidates, {len(complaints)} complaints")

        now = timezone.now()
        reports = []
        for election, stage in zip(elections, stages, strict=True):
            roll = rng.random()
            if stage == "planned" and roll < 0.5:
                continue
            status = "accepted" if stage not in ("planned", "preparing") else ("submitted" if roll < 0.8 else "draft")
            reports.append(
                TermReport(
                    group_election=election,
                    term_label="2018-2020",
                    status=status,
                    leader_name=residents_by_group[election.group_id][-1].full_name,
                    end_households=households,
                    created_by=official,
                    submitted_at=now if status != "draft" else None,
                    submitted_by=official if status != "draft" else None,
                    reviewed_at=now if status == "accepted" else None,
                    reviewed_by=official if status == "accepted" else None,
                    accepted_at=now if status == "accepted" else None,
                    accepted_by=official if status == "accepted" else None,
                )
            )
        TermReport.objects.bulk_create(reports, batch_size=BATCH)
        step(f"{len(reports)} term reports")

        # Conferences and counts from "conference held" on; a re-vote is a second sitting.
        held = {"conference_held", "elected", "recognised", "no_winner", "revote_scheduled"}
        at = timezone.make_aware(datetime.datetime(2021, 1, 10, 8, 0))
        conference_rows: list[tuple[Conference, GroupElection, str, bool]] = []
        for election, stage in zip(elections, stages, strict=True):
            if stage not in held:
                continue
            revoted = stage in ("elected", "recognised") and rng.random() < 0.12
            electorate = households
            if revoted or stage in ("no_winner", "revote_scheduled"):
                conference_rows.append(
                    (
                        Conference(
                            group_election=election,
                            sequence=1,
                            scheduled_at=at,
                            venue="Nhà văn hóa tổ dân phố",
                            status=Conference.Status.SEALED,
                            voting_method="secret",
                            electorate_size=electorate,
                        ),
                        election,
                        "below_threshold",
                        False,
                    )
                )
            if stage in ("no_winner", "revote_scheduled"):
                continue
            conference_rows.append(
                (
                    Conference(
                        group_election=election,
                        sequence=2 if revoted else 1,
                        is_revote=revoted,
                        scheduled_at=at + datetime.timedelta(days=10 if revoted else 0),
                        venue="Nhà văn hóa tổ dân phố",
                        status=Conference.Status.VOTING if stage == "conference_held" else Conference.Status.SEALED,
                        voting_method="secret",
                        electorate_size=electorate,
                        present_at_vote=int(electorate * rng.uniform(0.6, 0.95))
                        if stage == "conference_held"
                        else None,
                    ),
                    election,
                    "elected",
                    revoted,
                )
            )
        Conference.objects.bulk_create([c for c, *_rest in conference_rows], batch_size=BATCH)
        previous_of: dict[int, Conference] = {}
        for conference, _e, _o, _r in conference_rows:
            if conference.sequence == 1:
                previous_of[conference.group_election_id] = conference
        counts: list[Count] = []
        votes: list[tuple[Count, list[tuple[Candidate, int]]]] = []
        decisions = []
        number = 0
        for conference, election, outcome, _revoted in conference_rows:
            if conference.status != Conference.Status.SEALED:
                continue
            if conference.sequence == 2:
                conference.previous_id = previous_of[election.pk].pk
            electorate = conference.electorate_size
            present = int(electorate * rng.uniform(0.55, 0.97))
            running = by_election.get(election.pk, [])
            if outcome == "elected":
                top = int(electorate * rng.uniform(0.51, min(0.95, present / electorate)))
                top = max(top, electorate // 2 + 1)
                present = max(present, top)
                split = [(running[0], top)] + [(c, rng.randint(0, present - top)) for c in running[1:]]
            else:
                split = [(c, int(electorate * rng.uniform(0.2, 0.49))) for c in running]
            count = Count(
                conference=conference,
                voting_method="secret",
                electorate=electorate,
                present=present,
                issued=present,
                returned=present,
                valid=present,
                method=Count.Method.AGREED,
                outcome=outcome,
                elected=running[0] if outcome == "elected" else None,
                sealed_at=now,
            )
            counts.append(count)
            votes.append((count, split))
            if outcome == "elected" and election.stage == "recognised":
                number += 1
                decisions.append(
                    RecognitionDecision(
                        group_election=election,
                        campaign=campaign,
                        conference=conference,
                        candidate=running[0],
                        number=number,
                        decision_date=datetime.date(2021, 1, 15),
                        proposer="Tổ bầu cử",
                        recipients="Như Điều 3",
                        authority="chairman",
                        signer_name="Chủ tịch UBND",
                        issued_by=official,
                    )
                )
        Conference.objects.bulk_update(
            [c for c, *_rest in conference_rows if c.sequence == 2], ["previous"], batch_size=BATCH
        )
        Count.objects.bulk_create(counts, batch_size=BATCH)
        CountVote.objects.bulk_create(
            [CountVote(count=count, candidate=c, votes=n) for count, split in votes for c, n in split], batch_size=BATCH
        )
        RecognitionDecision.objects.bulk_create(decisions, batch_size=BATCH)
        step(f"{len(conference_rows)} conferences, {len(counts)} counts, {len(decisions)} decisions")
    return ward
