from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = _("Elections")

    def ready(self) -> None:
        from django.core import checks

        from elections import (
            paper_kinds,  # noqa: F401  (the plan in batch printing)
            print_scope,  # noqa: F401  (which groups a print job covers)
            register_hooks,  # noqa: F401  (the campaign and stages, for the register's pages)
            workflow_hooks,  # noqa: F401  (registers the plan precondition and the re-vote limit)
        )
        from elections.services import transitions  # noqa: F401  (the services behind the group page's buttons)
        from elections.workflow import check_table

        checks.register(check_table)
