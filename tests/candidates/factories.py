"""Factories for candidates, consultations, attestations and complaints."""

import datetime

import factory

from elections.candidates.models import Attestation, Candidate, Complaint, ConsultationMeeting, Criterion
from elections.models import Stage
from tests.factories import GroupElectionFactory, HouseholdFactory, ResidentFactory, UserFactory


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationMeeting

    group_election = factory.SubFactory(GroupElectionFactory, stage=Stage.PREPARING)
    held_on = datetime.date(2020, 12, 22)
    participants = "Trưởng ban công tác Mặt trận\nBí thư chi bộ"
    agreement = "Thống nhất giới thiệu hai người ứng cử."
    recorded_by = factory.SubFactory(UserFactory, ward=factory.SelfAttribute("..group_election.group.ward"))


class CandidateFactory(factory.django.DjangoModelFactory):
    """A candidate row written directly (for selectors and pages); services are tested on their own."""

    class Meta:
        model = Candidate
        skip_postgeneration_save = True

    group_election = factory.SubFactory(GroupElectionFactory, stage=Stage.PREPARING)
    resident = factory.SubFactory(
        ResidentFactory,
        household=factory.SubFactory(HouseholdFactory, group=factory.SelfAttribute("...group_election.group")),
    )
    source = Candidate.Source.FRONT
    consultation = factory.SubFactory(ConsultationFactory, group_election=factory.SelfAttribute("..group_election"))
    status = Candidate.Status.NOMINATED
    status_reason = factory.LazyAttribute(lambda o: "Lý do" if o.status in ("rejected", "withdrawn") else "")
    nominated_by = factory.SubFactory(UserFactory, ward=factory.SelfAttribute("..group_election.group.ward"))
    party_member_at_vetting = factory.LazyAttribute(lambda o: o.resident.is_party_member)

    @factory.post_generation
    def attested(obj, create, extracted, **kwargs):
        if extracted:
            for criterion in Criterion.values:
                Attestation.objects.create(
                    candidate=obj,
                    criterion=criterion,
                    meets=True,
                    note="Đạt",
                    attested_by=obj.nominated_by,
                    official_name="Cán bộ phường",
                )


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    candidate = factory.SubFactory(CandidateFactory)
    received_on = datetime.date(2020, 12, 28)
    channel = Complaint.Channel.LETTER
    complainant_name = "Lê Thị Hoa"
    complainant_contact = "0905 000 111"
    content = "Phản ánh về người ứng cử."
    handler = factory.LazyAttribute(
        lambda o: Complaint.Handler.INSPECTION if o.candidate.resident.is_party_member else Complaint.Handler.WARD
    )
    due_on = datetime.date(2021, 1, 7)
    received_by = factory.SubFactory(UserFactory, ward=factory.SelfAttribute("..candidate.group_election.group.ward"))
