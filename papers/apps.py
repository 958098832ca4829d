from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    """The paper layer: the PDF pipeline, the registry of paper kinds, batch printing and its worker.

    It imports no domain app: the apps register their papers (`papers.kinds.register_kind`) and tell batch printing
    which groups a job covers (`papers.scope.register_scope`) from their own `ready()`.
    """

    name = "papers"
    verbose_name = _("Papers and reports")
