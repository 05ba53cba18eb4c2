"""`thaogo gen-scale --tasks 100000 --units 3400 --years 3`: data at national scale."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandParser

from thaogo.lib import clock
from thaogo.scale.generator import generate


class Command(BaseCommand):
    help = (
        "Generate a province-to-commune tree with plans, tasks, assignments, metrics, report "
        "obligations, reports, proposals and directives, in bulk, for measuring."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tasks", type=int, default=10_000)
        parser.add_argument("--units", type=int, default=340)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument(
            "--as-of", type=date.fromisoformat, default=None, help="Date the data ends (today)."
        )
        parser.add_argument("--password", default="scale-bench", help="Password of scale-* users.")

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        counts = generate(
            tasks=options["tasks"],
            units=options["units"],
            years=options["years"],
            as_of=options["as_of"] or clock.today(),
            seed=options["seed"],
            password=options["password"],
            log=lambda message: self.stdout.write(message),
        )
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"done in {time.monotonic() - started:.0f} s")
