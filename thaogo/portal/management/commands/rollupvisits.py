"""`thaogo rollupvisits`: keep one count per past day and delete the visitors' pseudonyms."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from thaogo.portal.services import visits_roll_up


class Command(BaseCommand):
    help = (
        "Roll up visits of days before this week into daily counts and delete the pseudonyms "
        "and salts of past days. Idempotent; the portal also does it at the first visit of a day."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = visits_roll_up(today=timezone.localdate())
        self.stdout.write(_("%(rows)d visits rolled up.") % {"rows": rows})
