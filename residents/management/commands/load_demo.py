"""Load the demo ward (phường Hương Xuân, sample data). Safe to run again: nothing is duplicated."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app loads its own part, in this order (later parts build on earlier ones).
DEMO_MODULES = [
    "residents.demo",
    "elections.demo",
    "elections.termreports.demo",
    "elections.candidates.demo",
    "elections.conference.demo",
]


class Command(BaseCommand):
    help = "Load the sample ward Hương Xuân with its groups, residents, users and election records."

    def handle(self, *args, **options):
        for path in DEMO_MODULES:
            try:
                module = importlib.import_module(path)
            except ModuleNotFoundError as exc:
                if exc.name != path:
                    raise
                continue
            with transaction.atomic():
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo ward loaded (sample data)."))
