from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "residents"
    verbose_name = _("Ward register")

    def ready(self) -> None:
        from residents import paper_kinds  # noqa: F401  (voter lists and sign-in sheets in batch printing)
