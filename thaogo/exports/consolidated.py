"""The consolidated report (báo cáo tổng hợp, type BC) of a plan for a reporting period.

Every number in it is one of the monitoring dashboard's figures for the same plan, period
and as-of date, read from `figures()`: the document and the screen cannot disagree. The
words around them (difficulties, next steps) are quoted from the reports accepted for the
period; the Office edits the draft before it is signed.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thaogo.accounts.roles import oversees
from thaogo.documents.models import Plan
from thaogo.documents.selectors import plans_visible_to
from thaogo.exports.docx import (
    DocumentBody,
    DocumentExporter,
    Letterhead,
    date_line,
    issuing_unit,
    number_line,
    place_name,
    superior_body,
)
from thaogo.exports.exporters import register
from thaogo.lib.numbers import format_number
from thaogo.monitoring.selectors import (
    DIRECTIVES,
    OBLIGATIONS,
    PROPOSALS,
    TASK_FIGURES,
    Figures,
    PeriodKey,
    figure_rows,
    figures,
)
from thaogo.units.models import DocumentStyle

REPORT_TYPE = "BC"
CADRE_TASKS = ("total", "completed_on_time", "completed_late", "overdue")


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{format_number(value, 1)}%"


def find_period(result: Figures, label: str) -> PeriodKey | None:
    """The period reported on in scope whose label is `label` ("Quý III/2024"), as
    officials write it or as the page's language names it."""
    wanted = " ".join(label.split()).casefold()
    for period in result.periods:
        with translation.override("vi"):
            written = period.label
        if wanted in (written.casefold(), period.label.casefold()):
            return period
    return None


@register
class ConsolidatedReportExporter(DocumentExporter):
    identifier = "report"
    verbose_name = gettext_lazy("Consolidated report")
    filename_stem = gettext_lazy("consolidated report")

    def __init__(self, *, user: Any, today: date, plan: Plan | int, period: str, as_of: date):
        super().__init__(user=user, today=today)
        self.plan_id = plan.pk if isinstance(plan, Plan) else plan
        self.period_label = period
        self.as_of = as_of

    def authorize(self) -> None:
        if not oversees(self.user):
            raise PermissionDenied
        if self.as_of > self.today:
            raise Http404  # no figures for a future date
        plan = plans_visible_to(self.user).filter(pk=self.plan_id)
        self.plan = plan.select_related("document", "issuing_body").first()
        if self.plan is None:
            raise Http404
        # The periods in scope first, to name the one asked for; then its figures.
        periods = figures(user=self.user, as_of=self.as_of, plan=self.plan.pk, trend=False)
        period = find_period(periods, self.period_label)
        if period is None:
            raise Http404
        self.period = period
        self.figures = figures(
            user=self.user,
            as_of=self.as_of,
            plan=self.plan.pk,
            period=(period.kind, period.year, period.number),
        )
        scope, in_period = self.figures.scope, {"period": period}
        self.reports = list(
            figure_rows(scope, family=OBLIGATIONS, figure="accepted", **in_period)
            .select_related("report", "assignment__cadre", "assignment__task")
            .order_by("assignment__cadre__full_name", "assignment__task__code")
        )
        self.directives = list(
            figure_rows(scope, family=DIRECTIVES, figure="issued")
            .filter(issued_on__gte=period.start, issued_on__lte=period.end)
            .select_related("responsible_cadre", "task")
            .order_by("issued_on", "pk")
        )
        self.proposals = list(
            figure_rows(scope, family=PROPOSALS, figure="waiting")
            .select_related("raised_by", "task")
            .order_by("created_at", "pk")
        )

    def filename(self) -> str:
        return f"{super().filename()[: -len('.docx')]}-{self.plan.pk}.docx"

    def letterhead(self) -> Letterhead:
        issuer = issuing_unit(self.plan.issuing_body)
        end = ";" if issuer.document_style == DocumentStyle.STATE else ","
        recipients = [
            _("The Standing Committee"),
            _("The Organization Board"),
            _("The cadres assigned to the tasks"),
        ]
        filed = _("Filed at the Office")
        return Letterhead(
            style=issuer.document_style,
            superior_body=superior_body(issuer),
            issuing_body=issuer.name.upper(),
            number=number_line(issuer.document_style, None, REPORT_TYPE, issuer.issuer_code),
            place_date=date_line(place_name(issuer), self.as_of),
            doc_type_name=_("REPORT"),
            summary=_("Results of carrying out Plan No. %(symbol)s, %(period)s")
            % {"symbol": self.plan.document.symbol, "period": self.period.label},
            recipients=[*(f"- {line}{end}" for line in recipients), f"- {filed}."],
        )

    def _overall(self, body: DocumentBody) -> None:
        result, tasks = self.figures, self.figures.tasks
        body.heading(_("I. OVERALL RESULTS"))
        body.paragraph(
            _(
                "As of %(date)s, the plan has %(total)s tasks: %(completed)s completed "
                "(%(on_time)s on time, %(late)s late); %(in_progress)s in progress "
                "(%(within)s within the deadline, of which %(near)s near due; %(overdue)s "
                "overdue); %(no_deadline)s without a deadline. Overdue rate: %(rate)s."
            )
            % {
                "date": _day(result.as_of),
                "total": format_number(tasks["total"]),
                "completed": format_number(tasks["completed"]),
                "on_time": format_number(tasks["completed_on_time"]),
                "late": format_number(tasks["completed_late"]),
                "in_progress": format_number(tasks["in_progress"]),
                "within": format_number(tasks["within_deadline"]),
                "near": format_number(tasks["near_due"]),
                "overdue": format_number(tasks["overdue"]),
                "no_deadline": format_number(tasks["no_deadline"]),
                "rate": _rate(result.overdue_rate),
            }
        )
        counts = result.period_counts(self.period)
        if counts is not None:
            body.paragraph(
                _(
                    "Reports for %(period)s: %(expected)s expected, %(on_time)s submitted on "
                    "time, %(late)s submitted late, %(missing)s missing, %(returned)s returned "
                    "for revision, %(waiting)s waiting for review."
                )
                % {"period": self.period.label, **{k: format_number(v) for k, v in counts.items()}}
            )

    def _by_category(self, body: DocumentBody) -> None:
        body.heading(_("II. RESULTS BY CATEGORY"))
        for row in self.figures.by_category:
            tasks = row.tasks
            body.paragraph(
                _(
                    "%(name)s: %(total)s tasks, %(completed)s completed (%(on_time)s on time), "
                    "%(in_progress)s in progress, of which %(overdue)s overdue."
                )
                % {
                    "name": row.name,
                    "total": format_number(tasks["total"]),
                    "completed": format_number(tasks["completed"]),
                    "on_time": format_number(tasks["completed_on_time"]),
                    "in_progress": format_number(tasks["in_progress"]),
                    "overdue": format_number(tasks["overdue"]),
                }
            )
        if not self.figures.by_category:
            body.paragraph(_("No task of the plan had started by this date."))

    def _by_cadre(self, body: DocumentBody) -> None:
        body.heading(_("III. RESULTS BY CADRE"))
        body.paragraph(
            _("Tasks as of %(date)s; reports for %(period)s.")
            % {"date": _day(self.figures.as_of), "period": self.period.label}
        )
        rows = [
            (
                str(index),
                row.name,
                *(format_number(row.tasks[key]) for key in CADRE_TASKS),
                *(format_number(row.reports.get(key, 0)) for key in ("on_time", "late", "missing")),
            )
            for index, row in enumerate(self.figures.by_cadre, start=1)
        ]
        labels = {key: str(label) for key, (label, _q) in TASK_FIGURES.items()}
        body.table(
            [
                _("No."),
                _("Cadre"),
                *(labels[key] for key in CADRE_TASKS),
                _("Reports on time"),
                _("Reports late"),
                _("Reports missing"),
            ],
            rows,
            widths_cm=(1.3, 3.6, 1.8, 1.7, 1.7, 1.7, 1.6, 1.5, 1.6),
        )

    def _direction(self, body: DocumentBody) -> None:
        body.heading(_("IV. PROPOSALS AND DIRECTIVES"))
        proposals = self.figures.proposals
        body.paragraph(
            _(
                "%(waiting)s proposals are waiting for the Standing Committee, of which "
                "%(long)s for more than 30 days."
            )
            % {
                "waiting": format_number(proposals["waiting"]),
                "long": format_number(proposals["waiting_long"]),
            }
        )
        for proposal in self.proposals:
            body.paragraph(
                f"- {proposal.title} ({proposal.raised_by.full_name}, "
                f"{_('task %(code)s') % {'code': proposal.task.code}})."
            )
        body.paragraph(
            _(
                "In the period, the Standing Committee gave %(count)s directives; "
                "%(overdue)s directives are overdue."
            )
            % {
                "count": format_number(len(self.directives)),
                "overdue": format_number(self.figures.directives["overdue"]),
            }
        )
        for directive in self.directives:
            body.paragraph(
                _("- %(text)s (comrade %(cadre)s; deadline: %(deadline)s).")
                % {
                    "text": directive.text.rstrip("."),
                    "cadre": directive.responsible_cadre.full_name,
                    "deadline": _day(directive.deadline),
                }
            )

    def _quoted(self, body: DocumentBody, field: str) -> int:
        """Each distinct text of the accepted reports once, with whose reports say it."""
        who: dict[str, list[str]] = {}
        for obligation in self.reports:
            text = " ".join(getattr(obligation.report, field, "").split()).rstrip(".")
            if text:
                task = _("task %(code)s") % {"code": obligation.assignment.task.code}
                who.setdefault(text, []).append(f"{obligation.assignment.cadre.full_name}, {task}")
        for text, sources in who.items():
            body.paragraph(f"- {text} ({'; '.join(sources)}).")
        return len(who)

    def write_body(self, body: DocumentBody) -> None:
        body.paragraph(
            _(
                "The results of carrying out Plan No. %(symbol)s on %(title)s in %(period)s "
                "(figures as of %(date)s) are as follows:"
            )
            % {
                "symbol": self.plan.document.symbol,
                "title": self.plan.title[:1].lower() + self.plan.title[1:],
                "period": self.period.label,
                "date": _day(self.as_of),
            }
        )
        self._overall(body)
        self._by_category(body)
        self._by_cadre(body)
        self._direction(body)
        body.heading(_("V. DIFFICULTIES AND OBSTACLES"))
        if not self._quoted(body, "difficulties"):
            body.paragraph(_("The accepted reports of the period raise no difficulty."))
        body.heading(_("VI. NEXT STEPS"))
        if not self._quoted(body, "next_steps"):
            body.paragraph(_("[The Office writes the tasks of the next period here.]"))
