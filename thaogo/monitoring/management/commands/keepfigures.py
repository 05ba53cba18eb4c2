"""`thaogo keepfigures`: work out today's monitoring figures before the first visitor."""

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils.translation import gettext as _

from thaogo.accounts.roles import OVERSEEING_ROLES
from thaogo.lib import clock
from thaogo.lib.numbers import format_number
from thaogo.monitoring.selectors import kept_figures
from thaogo.tasks.selectors import sees_every_task, visibility_scope


class Command(BaseCommand):
    help = (
        "Work out today's monitoring figures for the accounts that see every task, and keep "
        "them in the shared cache (CACHE_URL), so that the first visit of the day does not "
        "wait for them. Idempotent: figures already kept are not worked out again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        done: set[tuple] = set()
        overseers = Q(is_superuser=True) | Q(profile__role__in=OVERSEEING_ROLES)
        users = get_user_model().objects.filter(overseers, is_active=True)
        for user in users.select_related("profile__unit").order_by("pk"):
            scope = visibility_scope(user)
            if scope in done or not sees_every_task(user):
                continue
            kept_figures(user=user, as_of=clock.today())
            done.add(scope)
        self.stdout.write(
            _("Figures kept for %(kinds)s kinds of account in %(seconds)s s.")
            % {
                "kinds": format_number(len(done)),
                "seconds": format_number(time.monotonic() - started, 1),
            }
        )
