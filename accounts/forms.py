from django.contrib.auth.forms import PasswordChangeForm

from config.forms import BootstrapFormMixin


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass
