"""Forms of the campaign pages. They parse input; the services decide and save."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from config.forms import BootstrapFormMixin, DateField, DateTimeField
from elections.models import Body, Campaign, DifficultyReport, Directive, DirectiveTask, LegalProfile
from elections.services.campaigns import PROFILE_FIELDS


class LegalProfileForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = LegalProfile
        fields = PROFILE_FIELDS
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 7}), "notes": forms.Textarea(attrs={"rows": 6})}

    def _post_clean(self):
        # The service checks the model (and gives the messages); the form only parses.
        pass


class CampaignForm(BootstrapFormMixin, forms.ModelForm):
    term_start = DateField(label=capfirst(_("term start")))
    term_end = DateField(label=capfirst(_("term end")))
    election_day = DateField(label=capfirst(_("election day")))

    class Meta:
        model = Campaign
        fields = [
            "label",
            "previous_term_label",
            "term_start",
            "term_end",
            "election_day",
            "electorate_mode",
            "legal_profile",
            "is_current",
        ]

    def _post_clean(self):
        pass


class DirectiveForm(BootstrapFormMixin, forms.ModelForm):
    issued_on = DateField(label=capfirst(_("issued on")))
    split_tasks = forms.BooleanField(
        label=capfirst(_("Make a task of each numbered point of the text")), required=False, initial=True
    )

    class Meta:
        model = Directive
        fields = ["number", "issued_on", "issuing_body", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, with_split: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_split:
            del self.fields["split_tasks"]

    def _post_clean(self):
        pass


class DirectiveTaskForm(BootstrapFormMixin, forms.ModelForm):
    bodies = forms.MultipleChoiceField(
        label=capfirst(_("assigned to")), choices=Body.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    due_date = DateField(label=capfirst(_("due date")), required=False)

    class Meta:
        model = DirectiveTask
        fields = ["number", "summary", "text", "bodies", "due_date", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def _post_clean(self):
        pass


class ProgressForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=capfirst(_("progress note")), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=capfirst(_("status after this note")), choices=DirectiveTask.Status.choices)


class PlanRowForm(forms.Form):
    """One group's row of the plan table. Choices are given once for all rows (no query per row)."""

    group_election = forms.IntegerField(widget=forms.HiddenInput)
    official_in_charge = forms.TypedChoiceField(
        label=capfirst(_("ward official in charge")), coerce=int, empty_value=None, required=False
    )
    committee_member = forms.TypedChoiceField(
        label=capfirst(_("Party committee member for the area")), coerce=int, empty_value=None, required=False
    )
    planned_venue = forms.CharField(label=capfirst(_("conference venue")), max_length=255, required=False)
    planned_at = DateTimeField(label=capfirst(_("conference date and time")), required=False)

    def __init__(self, *args, officials=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        empty = [("", "—")]
        self.fields["official_in_charge"].choices = empty + list(officials)
        self.fields["committee_member"].choices = empty + list(members)
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm" if isinstance(field, forms.ChoiceField) else "form-control form-control-sm"
            )
            if name != "group_election":
                field.widget.attrs["class"] = css


PlanFormSet = forms.formset_factory(PlanRowForm, extra=0)


class TransitionForm(forms.Form):
    note = forms.CharField(label=capfirst(_("note")), required=False, max_length=1000)


class DifficultyReportForm(BootstrapFormMixin, forms.Form):
    group = forms.ModelChoiceField(label=capfirst(_("residential group")), queryset=None)
    title = forms.CharField(label=capfirst(_("title")), max_length=200)
    description = forms.CharField(label=capfirst(_("description")), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class DifficultyResponseForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=capfirst(_("response")), widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=capfirst(_("status after this response")), choices=DifficultyReport.Status.choices)
