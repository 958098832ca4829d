"""Forms of the register kept in the browser. They parse; the services in residents/services.py decide."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from config.forms import BootstrapFormMixin, DateField
from residents.models import Household, Resident, ResidentialGroup

REASON_HELP = _("Why, and on what paper: e.g. residence book, ID card, death certificate, the family's declaration.")


def _field(name: str):
    return Resident._meta.get_field(name)


class HouseholdForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=capfirst(Household._meta.get_field("number").verbose_name), max_length=30)
    address = forms.CharField(
        label=capfirst(Household._meta.get_field("address").verbose_name), max_length=255, required=False
    )


class HouseholdEditForm(HouseholdForm):
    head = forms.ModelChoiceField(
        label=capfirst(Household._meta.get_field("head").verbose_name),
        queryset=Resident.objects.none(),
        required=False,
        empty_label=_("(no head recorded)"),
    )

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = Resident.objects.present().filter(household=household).order_by("birth_date")


class ResidentDataForm(BootstrapFormMixin, forms.Form):
    full_name = forms.CharField(label=capfirst(_field("full_name").verbose_name), max_length=150)
    birth_date = DateField(label=capfirst(_field("birth_date").verbose_name))
    gender = forms.ChoiceField(label=capfirst(_field("gender").verbose_name), choices=Resident.Gender.choices)
    identity_number = forms.CharField(
        label=capfirst(_field("identity_number").verbose_name),
        max_length=20,
        required=False,
        help_text=_("12 digits (citizen identity card) or 9 digits (old ID card); leave empty for a child."),
    )
    residence_status = forms.ChoiceField(
        label=capfirst(_field("residence_status").verbose_name), choices=Resident.Residence.choices
    )
    is_party_member = forms.BooleanField(label=capfirst(_field("is_party_member").verbose_name), required=False)
    party_admission_date = DateField(label=capfirst(_field("party_admission_date").verbose_name), required=False)


class MoveInForm(ResidentDataForm):
    on = DateField(label=_("Moved in (or registered) on"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP)
    make_head = forms.BooleanField(label=_("Head of the household"), required=False)


class CorrectionForm(ResidentDataForm):
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )


class LeaveForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[(Resident.Status.MOVED_AWAY, _("Moved away")), (Resident.Status.DECEASED, _("Deceased"))],
        widget=forms.RadioSelect,
    )
    on = DateField(label=_("Date"), help_text=_("The day of the move, or of the death."))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP)


class ChangeHouseholdForm(BootstrapFormMixin, forms.Form):
    group = forms.ModelChoiceField(label=_("Residential group"), queryset=ResidentialGroup.objects.none())
    household_number = forms.CharField(
        label=_("Number of the new household"),
        max_length=30,
        help_text=_("An existing household; add it first on its group's page if new."),
    )
    on = DateField(label=_("Moved on"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP)
    make_head = forms.BooleanField(label=_("Head of the new household"), required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
