"""Forms of the team, the conference and check-in. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from config.forms import BootstrapFormMixin, DateField, DateTimeField
from elections.conference.models import BoardRole, Conference, TeamRole, VotingMethod
from elections.conference.services.conference import DETAIL_FIELDS
from residents.models import Resident, voting_birth_cutoff
from residents.names import sort_people


def picker_select() -> forms.Select:
    """A drop-down that static/js/picker.js turns into a short list narrowed as one types."""
    return forms.Select(
        attrs={
            "data-picker": _("Search by name or household number"),
            "data-picker-placeholder": _("e.g. nguyen van a, or 045"),
            "data-picker-found": _("Matches: {n}"),
        }
    )


class ResidentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Resident) -> str:
        return f"{obj.full_name} ({obj.birth_date.year}) - {_('household')} {obj.household.number}"


def _adult_residents(group_election) -> tuple:
    cutoff = voting_birth_cutoff(group_election.campaign.election_day)
    queryset = (
        Resident.objects.present()
        .filter(household__group=group_election.group, birth_date__lte=cutoff)
        .select_related("household")
    )
    return queryset, sort_people(queryset)


class _PersonForm(BootstrapFormMixin, forms.Form):
    """A person picked from the register of the group, or typed by name."""

    resident = ResidentChoiceField(
        label=_("Resident of the group"),
        queryset=Resident.objects.none(),
        required=False,
        widget=picker_select(),
        help_text=_("Pick from the register; or leave empty and type the name below."),
    )
    full_name = forms.CharField(label=_("Full name (if not in the register)"), max_length=150, required=False)
    user = forms.ModelChoiceField(
        label=_("Account used at the venue"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("An election-team account of this group, to check in and enter the count on a phone."),
    )

    def __init__(self, *args, group_election, **kwargs):
        super().__init__(*args, **kwargs)
        queryset, ordered = _adult_residents(group_election)
        field = self.fields["resident"]
        field.queryset = queryset
        # Vietnamese name order (given name first) in the drop-down.
        field.choices = [("", "---------")] + [(r.pk, field.label_from_instance(r)) for r in ordered]
        self.fields["user"].queryset = User.objects.filter(
            role=Role.TEAM_MEMBER, group=group_election.group, is_active=True
        ).order_by("username")

    def clean(self):
        data = super().clean()
        if not data.get("resident") and not (data.get("full_name") or "").strip():
            raise forms.ValidationError(_("Pick a resident from the register or type the member's full name."))
        return data


class TeamMemberForm(_PersonForm):
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices, initial=TeamRole.MEMBER)
    affiliation = forms.CharField(
        label=_("Position / organisation"),
        max_length=200,
        required=False,
        help_text=_("e.g. Head of the Front work committee; Women's Union; voter representative."),
    )
    field_order = ["resident", "full_name", "role", "affiliation", "user"]


class BoardMemberForm(_PersonForm):
    role = forms.ChoiceField(label=_("Role on the board"), choices=BoardRole.choices, initial=BoardRole.MEMBER)
    field_order = ["resident", "full_name", "role", "user"]


class TeamDecisionForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=50, help_text=_("e.g. 12/QĐ-UBND"))
    signed_on = DateField(label=_("Decision date"))
    signer_name = forms.CharField(label=_("Chairman who signs"), max_length=150, required=False)


class ConferenceScheduleForm(BootstrapFormMixin, forms.Form):
    scheduled_at = DateTimeField(label=_("Date and time"))
    venue = forms.CharField(label=_("Venue"), max_length=255)
    chair_name = forms.CharField(
        label=_("Chair"), max_length=150, required=False, help_text=_("Usually the head of the election team.")
    )
    secretary_name = forms.CharField(label=_("Secretary"), max_length=150, required=False)


class ConferenceDetailsForm(BootstrapFormMixin, forms.ModelForm):
    scheduled_at = DateTimeField(label=_("Date and time"))
    ended_at = DateTimeField(label=_("Ended at"), required=False)

    class Meta:
        model = Conference
        fields = DETAIL_FIELDS  # the fields the conference_update service accepts
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("other_guests", "term_report_note", "discussion", "floor_nominations", "opinions")
        }


class HeadCountForm(BootstrapFormMixin, forms.Form):
    head_count = forms.IntegerField(
        label=_("Head count of those present"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to use the check-ins."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class OpenVoteForm(BootstrapFormMixin, forms.Form):
    voting_method = forms.ChoiceField(
        label=_("Voting method decided by the conference"), choices=VotingMethod.choices, widget=forms.RadioSelect
    )


class AdjournForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. Fewer than half of the households were present."),
    )
    new_scheduled_at = DateTimeField(label=_("New date and time"))
    new_venue = forms.CharField(label=_("New venue (if it changes)"), max_length=255, required=False)


class MinutesScanForm(BootstrapFormMixin, forms.Form):
    scan = forms.FileField(
        label=_("Scan of the signed minutes"),
        help_text=_("PDF or JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg"}),
    )
