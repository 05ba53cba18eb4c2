"""`thaogo export`: the files the pages offer, for scheduled jobs. Without --user it runs with
an administrator's view of everything; with --user, exactly as that user's pages would."""

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404, QueryDict
from django.utils import translation

from thaogo.documents.models import Plan
from thaogo.documents.selectors import documents_with_symbol
from thaogo.exports.conclusion import ConclusionNoticeExporter
from thaogo.exports.consolidated import ConsolidatedReportExporter
from thaogo.exports.exporters import Exporter, scheduled_job_user
from thaogo.exports.lists import ReportListExporter, TaskListExporter
from thaogo.lib import clock
from thaogo.tasks.selectors import task_filters_from


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}") from error


class Command(BaseCommand):
    help = "Export a list (.xlsx) or an administrative document (.docx), as the pages offer."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="what", required=True, metavar="WHAT")

        def subcommand(name: str, help_text: str):
            sub = commands.add_parser(name, help=help_text)
            sub.add_argument("-o", "--output", help="The file to write (default: its own name).")
            sub.add_argument("--user", help="Apply this user's view (username).")
            return sub

        tasks = subcommand("tasks", "The task list, as filtered, as .xlsx.")
        tasks.add_argument("--plan", help='The plan\'s number, e.g. "164-KH/QU".')
        tasks.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="A filter as in the task list's address: q, category, unit, cadre, status, "
            "timing, nature, sort (repeatable).",
        )
        reports = subcommand("reports", "The report tracking board as .xlsx.")
        reports.add_argument("--mine", action="store_true", help="Only the user's own reports.")
        reports.add_argument("--state", default="", help="Only the reports in this state.")
        conclusion = subcommand("conclusion", "A held meeting's conclusion notice as .docx.")
        conclusion.add_argument("--meeting", type=int, required=True, help="The meeting's id.")
        report = subcommand("report", "The consolidated report of a plan for a period, as .docx.")
        report.add_argument("--plan", required=True, help='The plan\'s number, e.g. "164-KH/QU".')
        report.add_argument("--period", required=True, help='The period, e.g. "Quý III/2024".')
        report.add_argument("--as-of", help="The date the figures are taken on (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            exporter = self._exporter(options)
            try:
                exported = exporter.render()
            except Http404 as error:
                raise CommandError("Not found, or not visible to this user.") from error
            except PermissionDenied as error:
                raise CommandError("This user may not have this export.") from error
        path = Path(options["output"] or exported.filename)
        with exported.file, path.open("wb") as out:
            shutil.copyfileobj(exported.file, out)
        self.stdout.write(f"export {options['what']}: wrote {path}")

    def _user(self, username: str | None) -> Any:
        if not username:
            return scheduled_job_user()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        return user

    def _plan(self, symbol: str) -> Plan:
        plans = Plan.objects.filter(document__in=documents_with_symbol(symbol))
        plan = plans.select_related("document").first()
        if plan is None:
            raise CommandError(f"no plan numbered {symbol!r}")
        return plan

    def _exporter(self, options: dict[str, Any]) -> Exporter:
        user, today, what = self._user(options["user"]), clock.today(), options["what"]
        if what == "tasks":
            query = QueryDict(mutable=True)
            for pair in options["filter"]:
                name, sep, value = pair.partition("=")
                if not sep:
                    raise CommandError(f"a filter is NAME=VALUE, not {pair!r}")
                query[name.strip()] = value.strip()
            if options["plan"]:
                query["plan"] = str(self._plan(options["plan"]).pk)
            return TaskListExporter(user=user, today=today, filters=task_filters_from(query))
        if what == "reports":
            return ReportListExporter(
                user=user, today=today, mine=options["mine"], state=options["state"]
            )
        if what == "conclusion":
            return ConclusionNoticeExporter(user=user, today=today, meeting=options["meeting"])
        return ConsolidatedReportExporter(
            user=user,
            today=today,
            plan=self._plan(options["plan"]),
            period=options["period"],
            as_of=_date(options["as_of"]) if options["as_of"] else today,
        )
