from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicviewConfig(AppConfig):
    name = "publicview"
    verbose_name = _("Public pages")
