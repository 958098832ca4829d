"""Restore an archive written by `manage.py backup` into an empty installation.

The whole archive is verified first (every checksum, the database dump, the versions); a truncated or
altered archive is refused and nothing is written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from backup.messages import Text, both_languages
from backup.services import backup_restore, describe
from config.errors import DomainError


class Command(BaseCommand):
    help = "Restore a backup archive (database and media files) into an empty installation."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by manage.py backup.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite an installation that already holds data (its database and media files are replaced).",
        )

    def handle(self, *args, **options):
        try:
            result = backup_restore(path=options["archive"], replace=options["replace"])
        except DomainError as exc:
            raise CommandError(both_languages(exc)) from exc
        self.stdout.write(
            both_languages(
                Text(
                    _("Restored the backup of %(when)s (version %(version)s): the database and %(count)s media files."),
                    when=describe(result.manifest.get("created_at")),
                    version=result.manifest.get("app_version", "?"),
                    count=result.media_files,
                )
            )
        )
        if result.pending_migrations:
            self.stdout.write(
                both_languages(
                    Text(
                        _("The backup comes from an older version: run manage.py migrate now (%(count)s migrations)."),
                        count=len(result.pending_migrations),
                    )
                )
            )
