"""Forms of the term report: the draft, comments at the review steps, the override reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import BootstrapFormMixin, DateField
from elections.termreports.models import NARRATIVE_FIELDS, TermReport
from elections.termreports.services import EDITABLE_FIELDS, START_FIELDS

HINTS = {
    "situation": _("Area, streets, households and residents, the organisations of the group, its features."),
    "security_order": _("Crime and social evils, disputes settled by conciliation, night patrols, security models."),
    "environment_hygiene": _("Rubbish collection, cleaning days, drains, green spaces, disease prevention."),
    "emulation": _("'All people unite to build a cultural life', cultural families, 'Bright - green - clean'."),
    "policies_rules": _("Residence registration, military service, the group's covenant, weddings and funerals."),
    "contributions_funds": _("Funds collected and their use: solidarity, disaster relief, the poor, 'Gratitude'."),
    "welfare": _("Poor and near-poor households, policy families, the elderly, support given."),
    "shortcomings": _("What was not achieved or done poorly."),
    "causes": _("Objective and subjective causes."),
    "lessons": _("What the group learned during the term."),
    "proposals": _("Directions for the new term and requests to the ward."),
}


class TermReportForm(BootstrapFormMixin, forms.ModelForm):
    """Every field is optional while drafting; completeness is checked when the report is submitted."""

    report_date = DateField(label=_("Date of the report"), required=False)

    class Meta:
        model = TermReport
        fields = EDITABLE_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in NARRATIVE_FIELDS}

    def __init__(self, *args, leader_known: bool, start_from_snapshot: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if leader_known:
            del self.fields["leader_name"]
        if start_from_snapshot:
            for name in START_FIELDS:
                del self.fields[name]
        for name, field in self.fields.items():
            field.required = False
            if name in HINTS:
                # What to write goes above the box as a hint: a grey placeholder inside looked like filled-in text.
                field.help_text = HINTS[name]
                field.widget.attrs["aria-describedby"] = f"id_{name}-hint"
        for name in START_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs["min"] = 0

    def mark_errors(self) -> None:
        """Fields with an error show it: red border, and the error read out with the field."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = " ".join(filter(None, [attrs.get("aria-describedby"), f"id_{name}-error"]))

    def _post_clean(self):
        # The service validates the model; the form only parses the input.
        pass


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("What must be changed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The comment is kept in the report's history and shown to the writer."),
    )


class OverrideForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the conference may open before the term report is accepted (kept in the audit log)."),
    )
