"""Reads for the public portal. Everything here is what an anonymous reader may see.

Each selector is the public scope of its model: public views look objects up through
these, so a draft article, a private document or a task that is not public is a 404.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from thaogo.documents.models import Document, DocumentType
from thaogo.lib import clock
from thaogo.lib.numbers import Quantized, format_number
from thaogo.lib.text import fold, search_terms
from thaogo.portal.models import (
    Album,
    Article,
    ArticleStatus,
    Assessment,
    Image,
    Resolution,
    ResolutionTarget,
    TargetGroup,
    TargetYear,
    Visit,
    VisitorDay,
    week_start,
)
from thaogo.tasks.models import Metric, MetricValue, Task

ONLINE_WINDOW = timedelta(minutes=5)


def published_articles(*, now: datetime | None = None) -> QuerySet[Article]:
    """Published articles whose publication time has come, newest first."""
    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__lte=now or clock.now())
        .select_related("category", "cover")
        .order_by("-published_at", "-pk")
    )


def public_documents() -> QuerySet[Document]:
    return Document.objects.filter(is_public=True).select_related("doc_type", "issuer")


@dataclass
class DocumentFilters:
    q: str = ""
    doc_type: int | None = None
    issuer: int | None = None
    year: int | None = None


def public_document_search(filters: DocumentFilters) -> QuerySet[Document]:
    """Public documents by type, issuer and year; the search folds diacritics, so "164" and
    "ke hoach" both find 164-KH/QU "Kế hoạch ..." (the type's name is searched too)."""
    documents = public_documents()
    if filters.doc_type:
        documents = documents.filter(doc_type_id=filters.doc_type)
    if filters.issuer:
        documents = documents.filter(issuer_id=filters.issuer)
    if filters.year:
        documents = documents.filter(issued_on__year=filters.year)
    terms = search_terms(filters.q)
    if terms:
        # Readers search by the type's name too ("ke hoach"), which the symbol only abbreviates.
        type_names = {pk: fold(name) for pk, name in DocumentType.objects.values_list("pk", "name")}
        for term in terms:
            types = [pk for pk, name in type_names.items() if term in name]
            documents = documents.filter(Q(search_text__contains=term) | Q(doc_type_id__in=types))
    return documents.order_by("-issued_on", "-number", "pk")


def published_albums() -> QuerySet[Album]:
    return Album.objects.filter(is_published=True)


def public_albums() -> QuerySet[Album]:
    """Published albums with their first photo as `cover_photos` (a one-item list)."""
    return (
        published_albums()
        .annotate(photo_count=Subquery(_photo_count()))
        .prefetch_related(
            Prefetch(
                "photos", queryset=Image.objects.order_by("order", "pk")[:1], to_attr="cover_photos"
            )
        )
        .order_by("-event_date", "-pk")
    )


def _photo_count() -> QuerySet:
    from django.db.models import Count

    return (
        Image.objects.filter(album=OuterRef("pk"))
        .order_by()
        .values("album")
        .annotate(n=Count("pk"))
        .values("n")
    )


def public_tasks() -> QuerySet[Task]:
    """Tasks the Organization Board has marked public."""
    return Task.objects.filter(is_public=True)


@dataclass(frozen=True)
class Milestone:
    on: date
    title: str
    summary: str = ""


def public_milestones(task: Task) -> list[Milestone]:
    """Milestones of a public task, one per *accepted* report: the period and the figures
    the report gave. The report's own text, its proposals and the directives are internal and
    never leave this function; public pages call only this, so the rule lives here alone."""
    from thaogo.reporting.models import ReportStatus, ReportSubmission

    accepted = (
        ReportSubmission.objects.filter(
            report__obligation__assignment__task=task, decision=ReportStatus.ACCEPTED
        )
        .select_related("report__obligation")
        .order_by("report__obligation__period_end")
    )
    milestones = []
    for submission in accepted:
        # The content keeps str(Decimal) ("2668.94"); readers see "2.668,94".
        figures = "; ".join(
            f"{v['metric']}: {format_number(v['value'], 2, trim=True)} {v['unit']}"
            for v in submission.content.get("metric_values", [])
        )
        milestones.append(
            Milestone(
                on=submission.report.obligation.period_end,
                title=submission.report.obligation.label,
                summary=figures,
            )
        )
    return milestones


def metrics_with_latest_value(tasks: Any) -> QuerySet[Metric]:
    latest = MetricValue.objects.filter(metric=OuterRef("pk")).order_by("-measured_on")
    return (
        Metric.objects.filter(task__in=tasks)
        .select_related("unit")
        .annotate(
            current_value=Quantized(Subquery(latest.values("value")[:1])),
            current_on=Subquery(latest.values("measured_on")[:1]),
        )
        .order_by("task_id", "order", "pk")
    )


def public_task_albums() -> Prefetch:
    """A task's published albums with their photos, for a public page."""
    return Prefetch(
        "albums",
        queryset=Album.objects.filter(is_published=True)
        .order_by("-event_date", "-pk")
        .prefetch_related(Prefetch("photos", queryset=Image.objects.order_by("order", "pk"))),
        to_attr="public_albums",
    )


# Resolution targets


@dataclass
class AssessedTarget:
    target: ResolutionTarget
    years: list[TargetYear]
    assessment: Assessment
    assessed_year: TargetYear | None

    @property
    def achieved(self) -> bool:
        return self.assessment in (Assessment.MET, Assessment.EXCEEDED)


@dataclass
class TargetGroupRows:
    group: TargetGroup
    rows: list[AssessedTarget] = field(default_factory=list)


@dataclass
class Scoreboard:
    resolution: Resolution
    groups: list[TargetGroupRows]
    years: list[int]

    @property
    def targets(self) -> list[AssessedTarget]:
        return [row for group in self.groups for row in group.rows]

    @property
    def total(self) -> int:
        return len(self.targets)

    @property
    def achieved(self) -> int:
        """Targets met or exceeded: the seed's headline "14/20 chỉ tiêu đạt và vượt"."""
        return sum(1 for row in self.targets if row.achieved)

    def count(self, assessment: str) -> int:
        return sum(1 for row in self.targets if row.assessment == assessment)

    @property
    def exceeded(self) -> int:
        return self.count(Assessment.EXCEEDED)

    @property
    def met(self) -> int:
        return self.count(Assessment.MET)

    @property
    def not_met(self) -> int:
        return self.count(Assessment.NOT_MET)


def public_resolutions() -> QuerySet[Resolution]:
    return Resolution.objects.filter(is_public=True).select_related(
        "document__doc_type", "document__issuer"
    )


def resolution_scoreboard(resolution: Resolution) -> Scoreboard:
    """The resolution's targets by group, each assessed; two queries."""
    targets = resolution.targets.prefetch_related(
        Prefetch("years", queryset=TargetYear.objects.order_by("year"))
    ).order_by("order")
    groups = {group: TargetGroupRows(group) for group in TargetGroup}
    years: set[int] = set()
    for target in targets:
        target_years = list(target.years.all())
        years.update(y.year for y in target_years)
        assessment, assessed = target.assess(target_years)
        groups[TargetGroup(target.group)].rows.append(
            AssessedTarget(target, target_years, assessment, assessed)
        )
    return Scoreboard(
        resolution=resolution,
        groups=[g for g in groups.values() if g.rows],
        years=sorted(years),
    )


# Visitor statistics


@dataclass(frozen=True)
class VisitorStats:
    online: int
    today: int
    this_week: int
    all_time: int

    @property
    def consistent(self) -> bool:
        return 0 <= self.online <= self.today <= self.this_week <= self.all_time


def visitor_stats(*, now: datetime | None = None) -> VisitorStats:
    """Online now, today, this week (Monday to Sunday, local time) and all time.

    One SQL statement, so the four numbers come from one snapshot of the database: each
    counts a subset of the rows the next one counts, so online <= today <= week <= all
    always holds, however many visits are being recorded meanwhile.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    ops, quote = connection.ops, connection.ops.quote_name
    visits, days = quote(Visit._meta.db_table), quote(VisitorDay._meta.db_table)
    day, last_seen = quote("day"), quote("last_seen")
    sql = (
        f"SELECT"
        f" (SELECT COUNT(*) FROM {visits} WHERE {day} = %s AND {last_seen} >= %s),"
        f" (SELECT COUNT(*) FROM {visits} WHERE {day} = %s),"
        f" (SELECT COUNT(*) FROM {visits} WHERE {day} >= %s AND {day} <= %s),"
        f" (SELECT COUNT(*) FROM {visits})"
        f" + (SELECT COALESCE(SUM({quote('visitors')}), 0) FROM {days})"
    )
    today_value = ops.adapt_datefield_value(today)
    params = [
        today_value,
        ops.adapt_datetimefield_value(now - ONLINE_WINDOW),
        today_value,
        ops.adapt_datefield_value(week_start(today)),
        today_value,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        online, today_count, week, all_time = (int(Decimal(n)) for n in cursor.fetchone())
    return VisitorStats(online=online, today=today_count, this_week=week, all_time=all_time)
