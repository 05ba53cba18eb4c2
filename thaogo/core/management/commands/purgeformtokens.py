from django.core.management.base import BaseCommand

from thaogo.core.form_tokens import KEEP_FOR, form_tokens_forget


class Command(BaseCommand):
    help = (
        "Forget the one-time tokens of creation forms sent more than two days ago. "
        "Idempotent: safe to run from cron or a systemd timer, e.g. daily."
    )

    def handle(self, *args, **options):
        deleted = form_tokens_forget()
        self.stdout.write(
            f"purgeformtokens: {deleted} tokens older than {KEEP_FOR.days} days forgotten"
        )
