from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thaogo.ops.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Bring back the database and uploaded files from an archive made by `thaogo backup`. "
        "The installation must be empty (no users, no files) unless --force. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="A thaogo-backup-*.tar.gz file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database and the uploaded files of a non-empty installation.",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            result = backup_restore(archive=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"restore: {result.archive} (made {result.created_at}): "
            f"{result.vendor} database and {result.files} files restored"
        )
        if result.pending_migrations:
            self.stdout.write(
                f"restore: this version has {len(result.pending_migrations)} newer migrations; "
                "run `thaogo migrate` now"
            )
