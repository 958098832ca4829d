"""Forms of the count, the seal, corrections, the re-vote and the recognition decision.

The forms only parse numbers and dates; every rule (the tally checks, who may do what, deadlines) is in the
services, whose errors are put back on the field they name with `add_problems`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.errors import DomainError
from config.forms import BootstrapFormMixin, DateField, DateTimeField
from elections.conference.forms import picker_select
from elections.conference.models import Elector, VotingMethod
from elections.count.models import INVALID_FIELDS, InvalidReason
from elections.count.services.figures import CountData, TallyError, candidate_name


def _number(label, **kwargs) -> forms.IntegerField:
    # No min_value: a negative number reaches the service, whose message names the field and the rule.
    return forms.IntegerField(
        label=label,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        **kwargs,
    )


def _style(field: forms.Field, css: str = "form-control") -> None:
    """Bootstrap classes for a field added after BootstrapFormMixin.__init__ ran."""
    classes = field.widget.attrs.get("class", "").split()
    field.widget.attrs["class"] = " ".join(dict.fromkeys([*classes, *css.split()]))


class ProblemsMixin:
    def add_problems(self, error: DomainError) -> None:
        """Put each message of a service error beside the field it is about."""
        problems = error.problems if isinstance(error, TallyError) else [(error.field, m) for m in error.messages]
        for key, message in problems:
            self.add_error(key if key in self.fields else None, message)


class CountForm(ProblemsMixin, BootstrapFormMixin, forms.Form):
    """Ballots issued, returned, valid, invalid by reason, and the votes per candidate (only the votes
    for a show of hands)."""

    def __init__(self, *args, conference, candidates, initial_data: CountData | None = None, **kwargs):
        self.conference = conference
        self.candidates = list(candidates)
        self.secret = conference.voting_method != VotingMethod.HANDS
        if initial_data is not None:
            kwargs.setdefault("initial", initial_data.flat())
        super().__init__(*args, **kwargs)
        if self.secret:
            self.fields["issued"] = _number(_("Ballots issued"))
            self.fields["returned"] = _number(_("Ballots returned"))
            self.fields["valid"] = _number(_("Valid ballots"))
            for reason, name in INVALID_FIELDS.items():
                self.fields[name] = _number(InvalidReason(reason).label, initial=0)
        for candidate in self.candidates:
            self.fields[f"vote_{candidate.pk}"] = _number(_("Votes for %(name)s") % {"name": candidate_name(candidate)})
        for field in self.fields.values():
            _style(field, "form-control form-control-lg")

    @property
    def ballot_fields(self):
        return [self[name] for name in ("issued", "returned", "valid") if name in self.fields]

    @property
    def invalid_fields(self):
        return [self[name] for name in INVALID_FIELDS.values() if name in self.fields]

    @property
    def vote_fields(self):
        return [self[f"vote_{c.pk}"] for c in self.candidates]

    def to_data(self) -> CountData:
        values = {key: value for key, value in self.cleaned_data.items() if value is not None}
        return CountData.from_flat(values)


class CorrectionForm(CountForm):
    """The figures of a sealed count, as a ward official corrects them, with the reason."""

    def __init__(self, *args, present: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"] = _number(_("Voters present"), initial=present)
        self.fields["reason"] = forms.CharField(
            label=_("Reason for the correction"),
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Kept with the original figures and shown in the audit log."),
        )
        for name in ("present", "reason"):
            _style(self.fields[name])


class ResolveForm(ProblemsMixin, BootstrapFormMixin, forms.Form):
    """One number per differing field, with the note saying how it was settled."""

    note = forms.CharField(
        label=_("How the differences were settled"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the ballots were counted again in front of the witnesses."),
    )

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            field = _number(row["label"], required=False)
            _style(field)
            self.fields[row["key"]] = field
        self.order_fields([row["key"] for row in rows] + ["note"])

    @property
    def lines(self) -> list[dict]:
        """The differing figures with their bound field, for the side-by-side table."""
        return [{**row, "field": self[row["key"]]} for row in self.rows]

    def chosen(self) -> dict[str, int]:
        values = {row["key"]: self.cleaned_data.get(row["key"]) for row in self.rows}
        return {key: value for key, value in values.items() if value is not None}


class ElectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        household = f" - {_('household')} {obj.household_number}" if obj.household_number else ""
        return f"{obj.number}. {obj.full_name}{household}"


class SealForm(ProblemsMixin, BootstrapFormMixin, forms.Form):
    witness_1 = ElectorChoiceField(
        label=_("First witness (household representative)"), queryset=None, widget=picker_select()
    )
    witness_2 = ElectorChoiceField(
        label=_("Second witness (household representative)"), queryset=None, widget=picker_select()
    )
    count_started_at = DateTimeField(label=_("The count began at"), required=False)
    count_ended_at = DateTimeField(label=_("The count ended at"))
    complaints = forms.CharField(
        label=_("Complaints raised during the count"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty when there were none."),
    )

    def __init__(self, *args, electors, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Elector.objects.filter(pk__in=[e.pk for e in electors]).order_by("number")
        self.fields["witness_1"].queryset = queryset
        self.fields["witness_2"].queryset = queryset


class RevoteForm(ProblemsMixin, BootstrapFormMixin, forms.Form):
    scheduled_at = DateTimeField(label=_("Date and time of the re-vote"))
    venue = forms.CharField(label=_("Venue"), max_length=255)


class DecisionForm(ProblemsMixin, BootstrapFormMixin, forms.Form):
    number = forms.IntegerField(label=_("Decision number"))
    decision_date = DateField(label=_("Decision date"))
    proposer = forms.CharField(label=_("On the proposal of"), max_length=255)
    recipients = forms.CharField(
        label=_("Recipients"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; “Lưu: VT.” is added at the end."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The help shows the number as it will be printed, from the number in the field (the next free one).
        value = self.data.get("number") if self.is_bound else self.initial.get("number")
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 1
        self.fields["number"].help_text = _("Printed as “Số: %(number)s”.") % {"number": f"{number:02d}/QĐ-UBND"}
