import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from thaogo.lib import clock
from thaogo.notifications import services


class Command(BaseCommand):
    help = (
        "Send due, overdue, returned-report, new-directive and new-assignment notices, in the "
        "app and by e-mail. Idempotent: safe to run from cron or a systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=int,
            metavar="SECONDS",
            help="Keep running, once every SECONDS (for a long-running service).",
        )

    def handle(self, *args, **options):
        while True:
            self.run_once()
            if not options["loop"]:
                return
            close_old_connections()
            time.sleep(options["loop"])

    def run_once(self) -> None:
        sent = services.reminders_collect(clock.today())
        emails = services.send_emails(base_url=settings.THAOGO_BASE_URL)
        kinds = ", ".join(f"{kind}={count}" for kind, count in sorted(sent.items()))
        self.stdout.write(
            f"remind: {sum(sent.values())} new notices ({kinds or 'none'}); {emails} e-mails sent"
        )
