"""`thaogo loaddemo`: load (or bring up to date) the Lê Chân Plan 164-KH/QU demo."""

import argparse
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from thaogo.demo.loader import DemoSummary, load_demo
from thaogo.lib import clock
from thaogo.tasks.models import Task
from thaogo.tasks.selectors import timing_summary

DEFAULT_AS_OF = date(2024, 10, 15)


def parse_as_of(value: str) -> date:
    if value.strip().lower() == "today":
        return clock.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a date: use YYYY-MM-DD or “today”.") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Load the demo scenario (Plan 164-KH/QU of Quận ủy Lê Chân) as seen on a given day. "
        "Safe to run again: it updates the demo instead of duplicating it."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--as-of",
            type=parse_as_of,
            default=DEFAULT_AS_OF,
            metavar="YYYY-MM-DD",
            help=(
                "The day the demo should look current on, or “today” "
                f"(default {DEFAULT_AS_OF.isoformat()}). Dates move by whole years."
            ),
        )

    def handle(self, *args: Any, as_of: date, **options: Any) -> None:
        summary = load_demo(as_of=as_of)
        self._print_summary(summary)
        self._print_accounts(summary)

    def _print_summary(self, summary: DemoSummary) -> None:
        plan = summary.plan
        day = f"{summary.as_of:%d/%m/%Y}"
        if summary.shift_years:
            loaded = _("Demo loaded as of %(day)s (dates moved by %(years)+d years).") % {
                "day": day,
                "years": summary.shift_years,
            }
        else:
            loaded = _("Demo loaded as of %(day)s, on the scenario's own dates.") % {"day": day}
        self.stdout.write(self.style.SUCCESS(loaded))
        if clock.system_today() != summary.as_of:
            # Seen on another day, the story's reports and deadlines are all long overdue.
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The business date is %(today)s: serve the demo with "
                        "THAOGO_TODAY=%(iso)s to see it as of its own date (make demo does)."
                    )
                    % {"today": f"{clock.system_today():%d/%m/%Y}", "iso": summary.as_of}
                )
            )
        self.stdout.write(
            _("Plan %(symbol)s: %(start)s – %(end)s")
            % {
                "symbol": plan.document.symbol,
                "start": f"{plan.start_date:%d/%m/%Y}",
                "end": f"{plan.end_date:%d/%m/%Y}",
            }
        )
        self.stdout.write(
            _(
                "%(units)d units, %(cadres)d cadres, %(documents)d documents, %(tasks)d tasks, "
                "%(assignments)d assignments, %(metrics)d metrics, %(values)d measured values."
            )
            % {
                "units": summary.units,
                "cadres": summary.cadres,
                "documents": summary.documents,
                "tasks": summary.tasks,
                "assignments": summary.assignments,
                "metrics": summary.metrics,
                "values": summary.metric_values,
            }
        )
        timing = timing_summary(Task.objects.filter(plan=plan), today=summary.as_of)
        self.stdout.write(
            _("Timing on that day: %(split)s (of which near due: %(near_due)s).")
            % {
                "split": ", ".join(f"{label} {count}" for _value, label, count in timing.rows()),
                "near_due": timing.near_due,
            }
        )

    def _print_accounts(self, summary: DemoSummary) -> None:
        header = (_("Username"), _("Role"), _("Name"), _("Password"))
        rows = [(a.username, a.role_label, a.full_name, summary.password) for a in summary.accounts]
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(_("Demo accounts")))
        for row in [header, *rows]:
            cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, str(row[3])]))
        self.stdout.write("")
        self.stdout.write(
            _("JSON API (read-only, as %(user)s): Authorization: Bearer %(token)s; see %(docs)s")
            % {"user": summary.api_token_user, "token": summary.api_token, "docs": "/api/v1/docs"}
        )
