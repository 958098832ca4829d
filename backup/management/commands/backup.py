"""Write one archive of this installation: the database, the media files and a manifest with checksums.

Nightly, for example (cron): 30 1 * * * cd /srv/ward-election && .venv/bin/python manage.py backup
--output-dir /var/backups/ward-election --keep 14
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from backup.messages import Text, both_languages
from backup.services import backup_create
from config.errors import DomainError


class Command(BaseCommand):
    help = "Back up the database and the media files into one archive with a manifest of checksums."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="Directory for the archive (default: var/backups in the project).",
        )
        parser.add_argument(
            "--keep", type=int, default=0, help="Keep only the newest N archives of that directory (0: keep all)."
        )

    def handle(self, *args, **options):
        if options["keep"] < 0:
            raise CommandError("--keep must be 0 or more")
        try:
            result = backup_create(output_dir=options["output_dir"], keep=options["keep"])
        except DomainError as exc:
            raise CommandError(both_languages(exc)) from exc
        self.stdout.write(str(result.path))
        self.stdout.write(
            both_languages(
                Text(
                    _("Backup written: %(size)s bytes, %(count)s media files, SHA-256 %(sha)s."),
                    size=result.size,
                    count=result.media_files,
                    sha=result.sha256,
                )
            )
        )
        for path in result.removed:
            self.stdout.write(both_languages(Text(_("Old backup removed: %(name)s"), name=path.name)))
