from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import BootstrapFormMixin
from residents.roll.columns import MAX_BYTES


class RollUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Roll file (CSV or Excel .xlsx)"),
        help_text=_("One row per resident, with the columns of the template. At most 10 MB and 20.000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB."), params={"size": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class RollConfirmForm(forms.Form):
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
