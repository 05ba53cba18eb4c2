from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thaogo.ops.backups import BackupError, backup_create, backup_prune


class Command(BaseCommand):
    help = (
        "Write the database and every uploaded file to one archive, "
        "thaogo-backup-YYYYMMDD-HHMMSS.tar.gz, while the site keeps running."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            dest="destination",
            type=Path,
            default=settings.VAR_DIR / "backups",
            metavar="DIRECTORY",
            help="Where to write the archive (default: THAOGO_VAR_DIR/backups).",
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            metavar="DAYS",
            help="Afterwards, delete this directory's archives older than DAYS days.",
        )

    def handle(self, *args, destination: Path, keep_days: int | None, **options):
        if keep_days is not None and keep_days < 1:
            raise CommandError("--keep-days must be at least 1.")
        try:
            archive = backup_create(destination=destination)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size_mb = archive.stat().st_size / 1024 / 1024
        self.stdout.write(f"backup: {archive} ({size_mb:.1f} MB)")
        if keep_days is not None:
            removed = backup_prune(directory=destination, keep_days=keep_days)
            self.stdout.write(
                f"backup: removed {len(removed)} archives older than {keep_days} days"
            )
