"""Load the demo ward (phường Hương Xuân, sample data). Safe to run again: nothing is duplicated."""

import contextlib
import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand
from django.db import transaction

import elections.candidates.demo
import elections.conference.demo
import elections.count.demo
import elections.demo
import elections.termreports.demo
import residents.demo

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# Each app loads its own part, in this order (later parts build on earlier ones). The command sits in
# `reports`, the top layer, because it reads every app's demo. The demo goes through the real services, which
# stamp records and audit entries with the current time; each part runs with the clock set to the end of the
# days it plays, so the sample reads like the 2020-2021 election.
DEMO_MODULES = [
    (residents.demo, datetime.datetime(2020, 12, 1, 8, 0, tzinfo=VN)),
    (elections.demo, datetime.datetime(2020, 12, 18, 9, 0, tzinfo=VN)),
    (elections.termreports.demo, datetime.datetime(2020, 12, 30, 15, 0, tzinfo=VN)),
    (elections.candidates.demo, datetime.datetime(2021, 1, 2, 8, 0, tzinfo=VN)),
    (elections.conference.demo, datetime.datetime(2021, 1, 14, 16, 0, tzinfo=VN)),
    (elections.count.demo, datetime.datetime(2021, 1, 14, 16, 0, tzinfo=VN)),
]


class Command(BaseCommand):
    help = "Load the sample ward Hương Xuân with its groups, residents, users and election records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--real-clock", action="store_true", help="Stamp the demo records with today's time instead."
        )
        parser.add_argument(
            "--households-scale",
            type=float,
            default=1.0,
            help="A smaller register for quick runs (tests): the share of the full ward's households.",
        )

    def handle(self, *args, **options):
        for module, clock in DEMO_MODULES:
            kwargs = {"households_scale": options["households_scale"]} if module is residents.demo else {}
            with transaction.atomic(), _clock(None if options["real_clock"] else clock):
                module.load(stdout=self.stdout, **kwargs)
        self.stdout.write(self.style.SUCCESS("Demo ward loaded (sample data)."))


def _clock(moment):
    if moment is None:
        return contextlib.nullcontext()
    return mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC))
