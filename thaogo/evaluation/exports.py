"""The evaluation's files, on the exports app's bases: a cadre's evaluation sheet (.docx, in
the Party format of Hướng dẫn 36-HD/VPTW, with the same header as the other documents), a
round's table and the cadre-source list (.xlsx)."""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thaogo.evaluation import scoring, services
from thaogo.evaluation.models import Evaluation, Rating, Round
from thaogo.evaluation.selectors import cadre_source_rows
from thaogo.exports.docx import (
    DocumentBody,
    DocumentExporter,
    Letterhead,
    date_line,
    issuing_unit,
    place_name,
    superior_body,
)
from thaogo.exports.exporters import Column, ListExporter
from thaogo.units.models import DocumentStyle


def _rating(value: str) -> str:
    return str(Rating(value).label) if value else "—"


def _points(value: Decimal | None) -> str:
    return scoring._points(value) if value is not None else "—"


class EvaluationSheetExporter(DocumentExporter):
    identifier = "evaluation-sheet"
    verbose_name = gettext_lazy("Evaluation sheet")
    filename_stem = gettext_lazy("evaluation sheet")

    def __init__(self, *, user: Any, today: date, evaluation: Evaluation | None = None) -> None:
        super().__init__(user=user, today=today)
        self.evaluation = evaluation

    def authorize(self) -> None:
        if self.evaluation is None:  # the views look it up through evaluations_visible_to
            raise Http404

    def filename(self) -> str:
        return f"{super().filename()[: -len('.docx')]}-{self.evaluation.pk}.docx"

    def letterhead(self) -> Letterhead:
        evaluation = self.evaluation
        issuer = issuing_unit(evaluation.cadre.unit)
        return Letterhead(
            style=DocumentStyle.PARTY,
            superior_body=superior_body(issuer),
            issuing_body=issuer.name.upper(),
            number="",
            place_date=date_line(place_name(issuer), self.today),
            doc_type_name=_("EVALUATION SHEET"),
            summary=_("Evaluation and rating of comrade %(cadre)s, %(round)s")
            % {"cadre": evaluation.cadre.full_name, "round": evaluation.round.title},
            recipients=[
                f"- {_('The cadre evaluated')},",
                f"- {_('Filed at the Organization Board')}.",
            ],
        )

    def write_body(self, body: DocumentBody) -> None:
        evaluation = self.evaluation
        round_ = evaluation.round
        rules = evaluation.rule_set
        body.paragraph(
            _("Period: from %(start)s to %(end)s. Rules: %(rules)s.")
            % {
                "start": f"{round_.period_start:%d/%m/%Y}",
                "end": f"{round_.period_end:%d/%m/%Y}",
                "rules": f"{rules.name}, {rules.legal_basis}".rstrip(", "),
            }
        )
        body.heading(_("I. Self-assessment of the general criteria"))
        points = evaluation.self_points
        body.table(
            [_("Criterion"), _("Maximum"), _("Self-assessed")],
            [
                (
                    criterion["name"],
                    _points(Decimal(str(criterion["max"]))),
                    _points(Decimal(points[i])) if i < len(points) else "—",
                )
                for i, criterion in enumerate(rules.criteria)
            ],
            widths_cm=(10.5, 3, 3),
        )
        if evaluation.self_comment:
            body.paragraph(_("Comments: %(text)s") % {"text": evaluation.self_comment})
        body.heading(_("II. Task results computed from the record"))
        body.table(
            [_("Source"), _("Rule applied"), _("Weight"), _("Points")],
            [
                (
                    line["label"],
                    scoring.describe(line, rules),
                    str(line["weight"]),
                    _points(Decimal(line["points"])),
                )
                for line in evaluation.breakdown
            ],
            widths_cm=(7, 5.5, 1.5, 2.5),
        )
        body.paragraph(
            _("Task result points: %(points)s of %(max)s.")
            % {"points": _points(evaluation.computed_task_points), "max": rules.task_points}
        )
        total, suggested = services.suggestion(evaluation)
        body.paragraph(
            _("Computed suggestion: %(total)s points, “%(rating)s”.")
            % {"total": _points(total), "rating": suggested.label}
        )
        body.heading(_("III. Proposal of the Organization Board"))
        body.paragraph(
            _("Proposed: %(total)s points, “%(rating)s”.")
            % {
                "total": _points(evaluation.proposed_total),
                "rating": _rating(evaluation.proposed_rating),
            }
        )
        if evaluation.justification:
            body.paragraph(_("Justification: %(text)s") % {"text": evaluation.justification})
        body.heading(_("IV. Approval of the Standing Committee"))
        body.paragraph(
            _("Approved rating: %(rating)s.") % {"rating": _rating(evaluation.approved_rating)}
        )


class RoundTableExporter(ListExporter):
    identifier = "evaluation-round"
    verbose_name = gettext_lazy("Evaluation round")
    filename_stem = gettext_lazy("evaluation round")

    def __init__(self, *, user: Any, today: date, round: Round) -> None:
        super().__init__(user=user, today=today)
        self.round = round

    def sheet_title(self) -> str:
        return self.round.title

    def columns(self) -> Sequence[Column]:
        return [
            Column(_("Cadre"), width=28),
            Column(_("Planned for position"), width=26),
            Column(_("Task result points"), "decimal"),
            Column(_("Self-assessed general points"), "decimal"),
            Column(_("Computed suggestion"), "decimal"),
            Column(_("Suggested rating"), width=28),
            Column(_("Proposed points"), "decimal"),
            Column(_("Proposed rating"), width=28),
            Column(_("Approved rating"), width=28),
            Column(_("Justification"), width=40),
        ]

    def rows(self) -> Iterable[Sequence[Any]]:
        for evaluation in self.round.evaluations.select_related("cadre", "rule_set"):
            total, suggested = services.suggestion(evaluation)
            yield (
                evaluation.cadre.full_name,
                evaluation.cadre.planned_position,
                evaluation.computed_task_points,
                evaluation.self_general_points,
                total,
                str(suggested.label),
                evaluation.proposed_total,
                _rating(evaluation.proposed_rating) if evaluation.proposed_rating else "",
                _rating(evaluation.approved_rating) if evaluation.approved_rating else "",
                evaluation.justification,
            )

    def filters(self) -> list[tuple[Any, Any]]:
        round_ = self.round
        return [
            (_("Period"), f"{round_.period_start:%d/%m/%Y} – {round_.period_end:%d/%m/%Y}"),
            (_("Evaluated group"), round_.group_name),
            (_("State"), str(round_.get_state_display())),
        ]


class CadreSourceExporter(ListExporter):
    identifier = "cadre-source"
    verbose_name = gettext_lazy("Cadres planned for higher posts")
    filename_stem = gettext_lazy("cadre source")

    def __init__(self, *, user: Any, today: date, query: str = "", sort: str = "name") -> None:
        super().__init__(user=user, today=today)
        self.query = query
        self.sort = sort

    def columns(self) -> Sequence[Column]:
        return [
            Column(_("Cadre"), width=28),
            Column(_("Unit"), width=26),
            Column(_("Planned for position"), width=28),
            Column(_("Last rating"), width=28),
            Column(_("Round"), width=26),
            Column(_("Tasks due"), "integer"),
            Column(_("On-time rate"), "percent"),
        ]

    def rows(self) -> Iterable[Sequence[Any]]:
        for row in cadre_source_rows(today=self.today, query=self.query, sort=self.sort):
            yield (
                row.cadre.full_name,
                row.cadre.unit.name,
                row.cadre.planned_position,
                _rating(row.last_rating) if row.last_rating else "",
                row.last_round.title if row.last_round else "",
                row.tasks_due,
                row.on_time_rate,
            )

    def filters(self) -> list[tuple[Any, Any]]:
        return [(_("Search"), self.query)] if self.query else []
