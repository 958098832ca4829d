"""Forms of the candidates pages. They parse input; the services decide and explain refusals."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.access import visible_groups
from config.forms import BootstrapFormMixin, DateField
from elections.candidates.models import Candidate, Complaint, ConsultationMeeting
from elections.candidates.selectors import BALLOT_MAX_COPIES, nominee_choices
from elections.candidates.services import LIST_CHANGES
from residents.models import Resident


class ConsultationForm(BootstrapFormMixin, forms.Form):
    held_on = DateField(label=_("Meeting date"))
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    participants = forms.CharField(
        label=_("Participants"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Front work committee and cell committee members present, one per line."),
    )
    agreement = forms.CharField(
        label=_("Agreement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the meeting agreed: the candidates introduced."),
    )


class NominationForm(BootstrapFormMixin, forms.Form):
    resident = forms.ModelChoiceField(
        label=_("Resident of the group"),
        queryset=Resident.objects.none(),
        help_text=_("Chosen from the register of the group. Type in the search box to narrow the list."),
    )
    source = forms.ChoiceField(label=_("Nominated by way of"), choices=Candidate.Source.choices)
    consultation = forms.ModelChoiceField(
        label=_("Consultation meeting"),
        queryset=ConsultationMeeting.objects.none(),
        required=False,
        help_text=_("Required for a candidate introduced by the Front work committee."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, group_election, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["resident"]
        # Validation accepts any resident the user may see, so that choosing someone of another group
        # is refused by the service with the rule; the list offers the group's own residents only.
        field.queryset = (
            Resident.objects.present()
            .filter(household__group__in=visible_groups(user))
            .select_related("household__group")
        )
        field.widget.choices = [("", "---------"), *nominee_choices(group_election)]
        meetings = ConsultationMeeting.objects.filter(group_election=group_election)
        self.fields["consultation"].queryset = meetings
        self.fields["consultation"].label_from_instance = lambda m: str(m)
        only = list(meetings[:2])
        if len(only) == 1:
            self.initial.setdefault("consultation", only[0].pk)  # the group's only meeting, chosen already


class VettingForm(BootstrapFormMixin, forms.Form):
    """Every standard on one screen, each with its own assessment and note; the attesting official once."""

    official_name = forms.CharField(
        label=_("Attesting official"),
        max_length=150,
        required=False,
        help_text=_("Leave empty when you attest yourself."),
    )
    official_position = forms.CharField(label=_("Position"), max_length=150, required=False)

    def __init__(self, *args, attestations, **kwargs):
        """`attestations`: (criterion, label, attestation or None) for every standard, in order."""
        super().__init__(*args, **kwargs)
        self.rows = []
        for criterion, label, attestation in attestations:
            meets = forms.TypedChoiceField(
                label=_("Assessment"),
                choices=[("1", _("Meets the standard")), ("0", _("Does not meet the standard"))],
                coerce=lambda v: v == "1",
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=None if attestation is None else ("1" if attestation.meets else "0"),
            )
            note = forms.CharField(
                label=_("Note"),
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                required=False,
                initial=attestation.note if attestation else "",
            )
            self.fields[f"meets_{criterion}"] = meets
            self.fields[f"note_{criterion}"] = note
            self.rows.append((criterion, label, attestation))
        self.order_fields([*(f for c, _l, _a in self.rows for f in (f"meets_{c}", f"note_{c}")), "official_name"])

    def standards(self) -> list[dict]:
        """For the template: each standard with its two bound fields and what is recorded."""
        return [
            {
                "criterion": criterion,
                "label": label,
                "attestation": attestation,
                "meets": self[f"meets_{criterion}"],
                "note": self[f"note_{criterion}"],
            }
            for criterion, label, attestation in self.rows
        ]

    def clean(self):
        data = super().clean()
        for criterion, label, _attestation in self.rows:
            if data.get(f"meets_{criterion}") is not None and not (data.get(f"note_{criterion}") or "").strip():
                self.add_error(
                    f"note_{criterion}",
                    _("Write a note: on what the attestation of “%(criterion)s” rests.") % {"criterion": label},
                )
        if not self.errors and not self.entries():
            raise forms.ValidationError(_("Choose “meets” or “does not meet” for at least one standard."))
        return data

    def entries(self) -> list[tuple[str, bool, str]]:
        return [
            (criterion, self.cleaned_data[f"meets_{criterion}"], self.cleaned_data.get(f"note_{criterion}") or "")
            for criterion, _label, _attestation in self.rows
            if self.cleaned_data.get(f"meets_{criterion}") is not None
        ]


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ListChangeForm(BootstrapFormMixin, forms.Form):
    change = forms.ChoiceField(
        label=_("Change"),
        choices=list(zip(LIST_CHANGES, [_("Approve"), _("Reject"), _("Withdraw")], strict=True)),
    )
    reason = forms.CharField(label=_("Reason for changing the posted list"), widget=forms.Textarea(attrs={"rows": 2}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _attachment_help():
    return _("PDF, JPEG or PNG, at most %(size)s MB each.") % {"size": settings.MAX_ATTACHMENT_BYTES // (1024 * 1024)}


class ComplaintForm(BootstrapFormMixin, forms.Form):
    candidate = forms.ModelChoiceField(label=_("Candidate concerned"), queryset=Candidate.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Complaint.Kind.choices)
    received_on = DateField(label=_("Received on"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Complaint.Channel.choices)
    is_anonymous = forms.BooleanField(label=_("Anonymous (the sender is not known)"), required=False)
    complainant_name = forms.CharField(label=_("Complainant"), max_length=150, required=False)
    complainant_contact = forms.CharField(label=_("Complainant's address or phone"), max_length=255, required=False)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))
    due_on = DateField(label=_("Due date"), required=False, help_text=_("Empty: 10 days after receipt."))
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, group_election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = Candidate.objects.filter(group_election=group_election).select_related(
            "resident"
        )
        self.fields["attachments"].help_text = _attachment_help()


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _attachment_help()


class InvestigationNoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ConclusionForm(BootstrapFormMixin, forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))
    # No default: the handler chooses the conclusion themselves.
    conclusion = forms.ChoiceField(
        label=_("Conclusion"), choices=[("", _("— choose the conclusion —")), *Complaint.Conclusion.choices]
    )


class BallotForm(BootstrapFormMixin, forms.Form):
    copies = forms.IntegerField(
        label=_("Number of ballots to print"),
        min_value=1,
        max_value=BALLOT_MAX_COPIES,
        help_text=_("Default: the group's electorate + 5%."),
    )
