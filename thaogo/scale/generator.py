"""Data at national scale, written in bulk, for measuring pages as the data grows.

A tree of one root committee, provinces and communes; each commune committee has a plan
with its tasks, cadres who lead and support them, metrics and their values, the report
obligations the reporting services would derive, reports in every state, proposals and the
directives that answer them. Rows are inserted with bulk_create, a batch of plans at a time
so memory stays bounded, and every derived column (search text, unit paths, units summary,
obligation periods and due dates, lateness of a report) is computed by the same functions
the models and services use. No history rows are written: the generated data has no past
edits, as if it had been imported.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from thaogo.accounts.models import Profile, Role
from thaogo.core import dataversion
from thaogo.direction.models import Directive, DirectiveStatus, Proposal, ProposalStatus
from thaogo.documents.models import Document, DocumentType, Plan
from thaogo.lib.text import fold
from thaogo.monitoring.parts import figures_changed
from thaogo.portal.models import ArticleStatus, NewsCategory
from thaogo.portal.services import article_create
from thaogo.reporting.kinds import kind_book
from thaogo.reporting.models import (
    Holiday,
    Report,
    ReportingKind,
    ReportingSchedule,
    ReportMetricValue,
    ReportObligation,
    ReportStatus,
    ReportSubmission,
    SwappedWorkingDay,
)
from thaogo.reporting.periods import working_days_after
from thaogo.reporting.services import obligations_wanted, submitted_late
from thaogo.tasks.models import (
    Assignment,
    AssignmentRole,
    Category,
    MeasureUnit,
    Metric,
    MetricValue,
    Priority,
    Status,
    Task,
)
from thaogo.tasks.services import _units_summary
from thaogo.units.models import PATH_STEP, Cadre, CommitteeMembership, Unit, UnitKind

BATCH = 2000
PROPOSAL_OUTCOMES = [ProposalStatus.PENDING, ProposalStatus.DIRECTED, ProposalStatus.CLOSED]
PLANS_PER_ROUND = 100

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Hữu", "Thu", "Đức", "Ngọc", "Hải"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương"]
WORK = [
    ("site-clearance", "Giải phóng mặt bằng dự án", MeasureUnit.HOUSEHOLDS, "Số hộ đã bàn giao"),
    ("public-investment", "Giải ngân vốn đầu tư công", MeasureUnit.BILLION_VND, "Vốn đã giải ngân"),
    ("budget-revenue", "Thu ngân sách", MeasureUnit.BILLION_VND, "Số thu ngân sách"),
    ("project-obstacles", "Tháo gỡ vướng mắc dự án", MeasureUnit.PROJECTS, "Dự án đã tháo gỡ"),
    ("petitions", "Giải quyết đơn thư kiến nghị", MeasureUnit.CASES, "Số đơn đã giải quyết"),
    ("", "Chỉnh trang đô thị", MeasureUnit.SQUARE_METRES, "Diện tích đã chỉnh trang"),
]


@dataclass
class _Counts:
    values: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.values[name] = self.values.get(name, 0) + n


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8 + rng.randrange(9), rng.randrange(60))))


def generate(
    *,
    tasks: int,
    units: int,
    years: int,
    as_of: date,
    seed: int = 13,
    password: str = "scale-bench",
    log: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    with transaction.atomic():
        counts = _Generator(tasks, units, years, as_of, seed, password, log).run()
        # Bulk inserts send no signals: cached figures start again.
        dataversion.bump()
        figures_changed()
        return counts


class _Generator:
    def __init__(self, tasks, units, years, as_of, seed, password, log) -> None:
        self.n_tasks, self.n_units, self.years, self.as_of = tasks, max(units, 3), years, as_of
        self.rng = random.Random(seed)
        self.password = password
        self.log = log
        self.counts = _Counts()
        self.holidays = set(Holiday.objects.values_list("date", flat=True))
        self.make_up_days = set(SwappedWorkingDay.objects.values_list("date", flat=True))
        self.schedule_defaults = ReportingSchedule()
        # New plans report on the kinds marked for them, as schedule_for gives a new plan.
        self.default_kinds = list(ReportingKind.objects.filter(is_default=True))
        self.kind_definitions = kind_book().of([kind.code for kind in self.default_kinds])
        self.categories = list(Category.objects.filter(is_active=True))
        self.category_by_code = {c.code: c for c in self.categories}
        self.doc_types = {t.code: t for t in DocumentType.objects.all()}
        self.plan_start = date(as_of.year - years, as_of.month, 1)
        self.plan_end = max(_months_after(self.plan_start, 60) - timedelta(days=1), as_of)
        self._wanted_cache: dict[Any, Any] = {}

    # ------------------------------------------------------------------ tree and people

    def run(self) -> dict[str, int]:
        self._tree()
        self._cadres()
        self._notices()
        per_commune = [self.n_tasks // len(self.communes)] * len(self.communes)
        for i in range(self.n_tasks % len(self.communes)):
            per_commune[i] += 1
        pairs = [(c, n) for c, n in zip(self.communes, per_commune, strict=True) if n]
        for start in range(0, len(pairs), PLANS_PER_ROUND):
            self._plans(pairs[start : start + PLANS_PER_ROUND])
            self.log(f"  {min(start + PLANS_PER_ROUND, len(pairs))}/{len(pairs)} plans")
        self._users()
        self._article()
        return self.counts.values

    def _tree(self) -> None:
        kinds = {k.code: k for k in UnitKind.objects.all()}
        run = Unit.objects.filter(parent=None, name__startswith="Đảng bộ quy mô").count() + 1
        root = Unit(
            name=f"Đảng bộ quy mô {run}",
            short_name="Quy mô",
            issuer_code="TW",
            kind=kinds["party-committee"],
        )
        root.save()
        self.root = root
        n_provinces = max(1, self.n_units // 100)
        n_communes = max(1, self.n_units - 1 - n_provinces)
        provinces = [
            Unit(
                parent=root,
                name=f"Tỉnh ủy số {i + 1}",
                short_name=f"Tỉnh {i + 1}",
                issuer_code="TU",
                kind=kinds["party-committee"],
            )
            for i in range(n_provinces)
        ]
        self.provinces = self._bulk_units(provinces, root)
        communes = []
        for i in range(n_communes):
            province = self.provinces[i % n_provinces]
            ward = i % 5 == 0
            communes.append(
                Unit(
                    parent=province,
                    name=f"{'Đảng ủy phường' if ward else 'Đảng ủy xã'} số {i + 1}",
                    short_name=f"{'Phường' if ward else 'Xã'} {i + 1}",
                    issuer_code="ĐU",
                    kind=kinds["ward" if ward else "commune"],
                )
            )
        self.communes = self._bulk_units(communes, None)
        self.counts.add("units", 1 + len(self.provinces) + len(self.communes))

    def _bulk_units(self, units: list[Unit], parent: Unit | None) -> list[Unit]:
        for unit in units:
            # As Unit.save() writes them.
            unit.search_text = fold(f"{unit.name} {unit.short_name} {unit.issuer_code}")
        created = Unit.objects.bulk_create(units, batch_size=BATCH)
        for unit in created:
            unit.path = f"{unit.parent.path}{unit.pk:0{PATH_STEP}d}"
            unit.depth = len(unit.path) // PATH_STEP - 1
        Unit.objects.bulk_update(created, ["path", "depth"], batch_size=BATCH)
        return created

    def _cadres(self) -> None:
        rng = self.rng
        cadres = []
        for unit in self.provinces + self.communes:
            for k in range(2 if unit.depth == 1 else 3):
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                membership = [
                    CommitteeMembership.STANDING,
                    CommitteeMembership.EXECUTIVE,
                    CommitteeMembership.NONE,
                ][min(k, 2)]
                planned = "Bí thư" if k == 0 else ""
                cadres.append(
                    Cadre(
                        full_name=name,
                        unit=unit,
                        committee_membership=membership,
                        planned_position=planned,
                        # As Cadre.save() writes it for a cadre without positions.
                        search_text=fold(f"{name} {planned} "),
                    )
                )
        created = Cadre.objects.bulk_create(cadres, batch_size=BATCH)
        self.cadres_of: dict[int, list[Cadre]] = {}
        for cadre in created:
            self.cadres_of.setdefault(cadre.unit_id, []).append(cadre)
        self.counts.add("cadres", len(created))

    def _document(self, issuer: Unit, code: str, number: int, issued_on: date, abstract: str):
        series = f"{issued_on.year}-{issued_on.year + 5}" if code == "KH" else str(issued_on.year)
        doc = Document(
            number=number,
            doc_type=self.doc_types[code],
            issuer=issuer,
            series=series,
            issued_on=issued_on,
            abstract=abstract,
        )
        doc.search_text = fold(f"{doc.symbol} {abstract}")  # as Document.save()
        return doc

    def _notices(self) -> None:
        """A notice of conclusions per province and year: the source of its directives."""
        docs = {}
        for province in self.provinces:
            for year in range(self.plan_start.year, self.as_of.year + 1):
                docs[(province.pk, year)] = self._document(
                    province,
                    "TB",
                    1,
                    date(year, 1, 2),
                    f"Thông báo kết luận của Ban Thường vụ năm {year}",
                )
        Document.objects.bulk_create(docs.values(), batch_size=BATCH)
        self.notices = docs
        self.counts.add("documents", len(docs))

    # ------------------------------------------------------------------ plans and tasks

    def _plans(self, pairs: list[tuple[Unit, int]]) -> None:
        docs = [
            self._document(
                commune,
                "KH",
                164,
                self.plan_start,
                f"Kế hoạch phân công cán bộ phụ trách việc khó của {commune.short_name}",
            )
            for commune, _n in pairs
        ]
        Document.objects.bulk_create(docs, batch_size=BATCH)
        plans = [
            Plan(
                document=doc,
                title=doc.abstract,
                issuing_body=commune,
                start_date=self.plan_start,
                end_date=self.plan_end,
            )
            for doc, (commune, _n) in zip(docs, pairs, strict=True)
        ]
        Plan.objects.bulk_create(plans, batch_size=BATCH)
        summary = "; ".join(kind.name for kind in self.default_kinds)
        schedules = ReportingSchedule.objects.bulk_create(
            [ReportingSchedule(plan=p, kinds_summary=summary) for p in plans]
        )
        ReportingSchedule.kinds.through.objects.bulk_create(
            [
                ReportingSchedule.kinds.through(reportingschedule_id=s.pk, reportingkind_id=k.pk)
                for s in schedules
                for k in self.default_kinds
            ],
            batch_size=BATCH,
        )
        self.counts.add("documents", len(docs))
        self.counts.add("plans", len(plans))
        tasks = []
        for plan, (commune, n) in zip(plans, pairs, strict=True):
            tasks.extend(self._task(plan, commune, i + 1) for i in range(n))
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        Task.units.through.objects.bulk_create(
            [Task.units.through(task_id=t.pk, unit_id=t.plan.issuing_body_id) for t in tasks],
            batch_size=BATCH,
        )
        self.counts.add("tasks", len(tasks))
        self._assignments(tasks)

    def _task(self, plan: Plan, commune: Unit, number: int) -> Task:
        rng, as_of = self.rng, self.as_of
        category_code, work, _unit, _metric = rng.choice(WORK)
        category = self.category_by_code.get(category_code) or rng.choice(self.categories)
        months_in = max(1, (as_of.year - plan.start_date.year) * 12 + as_of.month - 1)
        start = _months_after(plan.start_date, rng.randrange(months_in))
        start = start.replace(day=1)
        deadline = None
        if rng.random() >= 0.05:
            deadline = _months_after(start, rng.choice([6, 9, 12, 18, 24, 30, 36])) - timedelta(
                days=1
            )
        status, completed_on = self._outcome(start, deadline)
        code = f"{number:02d}"
        title = f"{work} tại {commune.short_name} (việc {code})"
        description = f"{work}: theo dõi, đôn đốc và báo cáo kết quả định kỳ."
        task = Task(
            plan=plan,
            code=code,
            title=title,
            description=description,
            category=category,
            is_hard=rng.random() < 0.6,
            is_new=rng.random() < 0.3,
            is_backlogged=rng.random() < 0.3,
            is_complex=rng.random() < 0.4,
            units_summary=_units_summary([commune]),
            start_date=start,
            deadline=deadline,
            priority=rng.choices(list(Priority.values), weights=[1, 6, 3, 1])[0],
            status=status,
            completed_on=completed_on,
            result_summary="Đã hoàn thành theo kế hoạch." if completed_on else "",
            is_public=rng.random() < 0.02,
            # As Task.save() writes it.
            search_text=fold(f"{code} {title} {description}"),
        )
        task.metric_spec = (_unit, _metric)
        return task

    def _outcome(self, start: date, deadline: date | None) -> tuple[str, date | None]:
        """Most tasks finish on time, some late, a few stall: status and completion date."""
        rng, as_of = self.rng, self.as_of
        if start > as_of:
            return Status.NOT_STARTED, None
        r = rng.random()
        if deadline is not None and deadline < as_of:
            if r < 0.75:
                day = deadline - timedelta(days=rng.randrange(0, 60))
                return Status.COMPLETED, min(max(day, start), as_of)
            if r < 0.87:
                day = deadline + timedelta(days=rng.randrange(1, 90))
                if day <= as_of:
                    return Status.COMPLETED, day
            return (Status.PAUSED if r > 0.97 else Status.IN_PROGRESS), None
        if r < 0.1 and (as_of - start).days > 30:
            return Status.COMPLETED, start + timedelta(days=rng.randrange(30, (as_of - start).days))
        if r < 0.13:
            return Status.PAUSED, None
        if r < 0.2 and (as_of - start).days < 60:
            return Status.NOT_STARTED, None
        return Status.IN_PROGRESS, None

    # ------------------------------------------------------------------ assignments, reports

    def _assignments(self, tasks: list[Task]) -> None:
        rng, as_of = self.rng, self.as_of
        assignments = []
        for task in tasks:
            local = self.cadres_of[task.plan.issuing_body_id]
            province = self.cadres_of[task.plan.issuing_body.parent_id]
            lead = local[0] if rng.random() < 0.7 else rng.choice(local)
            end = min(task.completed_on or as_of, as_of)
            if rng.random() < 0.15 and (end - task.start_date).days > 120:
                handover = task.start_date + timedelta(days=(end - task.start_date).days // 2)
                first = next(c for c in local if c.pk != lead.pk)
                assignments.append(
                    Assignment(
                        task=task,
                        cadre=first,
                        role=AssignmentRole.LEAD,
                        start_date=task.start_date,
                        end_date=handover - timedelta(days=1),
                        end_reason="Điều động công tác khác",
                    )
                )
                assignments.append(
                    Assignment(task=task, cadre=lead, role=AssignmentRole.LEAD, start_date=handover)
                )
            else:
                assignments.append(
                    Assignment(
                        task=task, cadre=lead, role=AssignmentRole.LEAD, start_date=task.start_date
                    )
                )
            supporters = [c for c in local if c.pk != lead.pk][: rng.randrange(0, 2)]
            if rng.random() < 0.3:
                supporters.append(rng.choice(province))
            for cadre in supporters:
                assignments.append(
                    Assignment(
                        task=task,
                        cadre=cadre,
                        role=AssignmentRole.SUPPORT,
                        start_date=task.start_date,
                    )
                )
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        self.counts.add("assignments", len(assignments))
        metrics = self._metrics(tasks)
        self._obligations([a for a in assignments if a.role == AssignmentRole.LEAD], metrics)

    def _metrics(self, tasks: list[Task]) -> dict[int, list[Metric]]:
        rng = self.rng
        metrics = []
        for task in tasks:
            if rng.random() < 0.3:
                continue
            unit, name = task.metric_spec
            target = Decimal(rng.randrange(10, 500))
            metrics.append(
                Metric(
                    task=task,
                    name=name,
                    unit_id=unit,
                    baseline=Decimal(0),
                    target=target,
                    target_date=task.deadline,
                )
            )
        Metric.objects.bulk_create(metrics, batch_size=BATCH)
        self.counts.add("metrics", len(metrics))
        by_task: dict[int, list[Metric]] = {}
        for metric in metrics:
            by_task.setdefault(metric.task_id, []).append(metric)
        return by_task

    def _wanted(self, assignment: Assignment):
        task = assignment.task
        key = (assignment.start_date, assignment.end_date, task.completed_on, task.plan.end_date)
        if key not in self._wanted_cache:
            self._wanted_cache[key] = obligations_wanted(
                assignment,
                schedule=self.schedule_defaults,
                kinds=self.kind_definitions,
                holidays=self.holidays,
                make_up_days=self.make_up_days,
            )
        return self._wanted_cache[key]

    def _obligations(self, leads: list[Assignment], metrics: dict[int, list[Metric]]) -> None:
        obligations = []
        for assignment in leads:
            for (kind, year, number), (period, due) in self._wanted(assignment).items():
                obligations.append(
                    ReportObligation(
                        assignment=assignment,
                        kind=kind,
                        year=year,
                        number=number,
                        period_start=period.start,
                        period_end=period.end,
                        due_on=due,
                    )
                )
        ReportObligation.objects.bulk_create(obligations, batch_size=BATCH)
        self.counts.add("obligations", len(obligations))
        self._reports(obligations, metrics)

    def _reports(self, obligations: list[ReportObligation], metrics: dict[int, list[Metric]]):
        rng, as_of = self.rng, self.as_of
        reports, decisions = [], []
        for obligation in obligations:
            if obligation.period_start > as_of:
                continue
            current = obligation.due_on >= as_of
            r = rng.random()
            if current:
                status = ReportStatus.DRAFT if r < 0.4 else None
                if r > 0.8 and obligation.period_end < as_of:
                    status = ReportStatus.SUBMITTED
            elif r < 0.76:
                status = ReportStatus.ACCEPTED
            elif r < 0.83:
                status = ReportStatus.SUBMITTED
            elif r < 0.87:
                status = ReportStatus.RETURNED
            elif r < 0.91:
                status = ReportStatus.DRAFT
            else:
                status = None  # never written: overdue
            if status is None:
                continue
            report = Report(
                obligation=obligation,
                results="Đã triển khai các nội dung theo kế hoạch; kết quả cụ thể như sau.",
                difficulties="Còn vướng mắc về mặt bằng." if r < 0.3 else "",
                self_assessed_progress=rng.randrange(10, 101, 5),
                status=status,
            )
            if status != ReportStatus.DRAFT:
                if rng.random() < 0.88 or current:
                    day = obligation.due_on - timedelta(days=rng.randrange(0, 8))
                else:
                    day = obligation.due_on + timedelta(days=rng.randrange(1, 25))
                day = min(max(day, obligation.period_end), as_of)
                report.submitted_at = _moment(day, rng)
                report.is_late = submitted_late(report, report.submitted_at)  # as report_submit
                report.revision = 1
                reviewed_on = min(day + timedelta(days=2), as_of)
                report.reviewed_at = _moment(reviewed_on, rng)
                if status == ReportStatus.RETURNED:
                    # As revision_due_default: the plan's working days after the return.
                    report.revision_due_on = working_days_after(
                        reviewed_on,
                        self.schedule_defaults.revision_working_days,
                        self.holidays,
                        self.make_up_days,
                    )
                decisions.append(report)
            reports.append(report)
        Report.objects.bulk_create(reports, batch_size=BATCH)
        self.counts.add("reports", len(reports))
        submissions, values, reported, proposals = [], {}, [], []
        for report in decisions:
            obligation = report.obligation
            decided = report.status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
            submissions.append(
                ReportSubmission(
                    report=report,
                    number=1,
                    submitted_at=report.submitted_at,
                    is_late=report.is_late,
                    content={
                        "results": report.results,
                        "difficulties": report.difficulties,
                        "self_assessed_progress": report.self_assessed_progress,
                        "metric_values": [],
                        "attachments": [],
                        "proposals": [],
                        "contributions": [],
                    },
                    decision=report.status if decided else "",
                    reviewed_at=report.reviewed_at if decided else None,
                )
            )
            task = obligation.assignment.task
            if report.status == ReportStatus.ACCEPTED:
                measured_on = min(obligation.period_end, as_of)  # as report_accept
                for metric in metrics.get(task.pk, []):
                    value = self._value(metric, task, measured_on)
                    values[(metric.pk, measured_on)] = MetricValue(
                        metric=metric, measured_on=measured_on, value=value
                    )
                    reported.append(ReportMetricValue(report=report, metric=metric, value=value))
            if rng.random() < 0.04:
                proposals.append(
                    Proposal(
                        task=task,
                        report=report,
                        raised_by=obligation.assignment.cadre,
                        title=f"Đề xuất tháo gỡ vướng mắc việc {task.code}",
                        content="Đề nghị Ban Thường vụ cho ý kiến chỉ đạo.",
                        beyond_authority=rng.random() < 0.6,
                        status=rng.choices(PROPOSAL_OUTCOMES, weights=[2, 6, 2])[0],
                    )
                )
        ReportSubmission.objects.bulk_create(submissions, batch_size=BATCH)
        MetricValue.objects.bulk_create(values.values(), batch_size=BATCH)
        ReportMetricValue.objects.bulk_create(reported, batch_size=BATCH)
        self.counts.add("report submissions", len(submissions))
        self.counts.add("metric values", len(values))
        self._proposals(proposals)

    def _value(self, metric: Metric, task: Task, day: date) -> Decimal:
        end = task.completed_on or task.deadline or (task.start_date + timedelta(days=720))
        span = max((end - task.start_date).days, 1)
        share = min(1.0, max(0.0, (day - task.start_date).days / span))
        share = share * share * (3 - 2 * share)  # an S-curve
        value = (metric.target - metric.baseline) * Decimal(str(round(share, 4)))
        return (metric.baseline + value).quantize(Decimal(1))

    def _proposals(self, proposals: list[Proposal]) -> None:
        rng, as_of = self.rng, self.as_of
        Proposal.objects.bulk_create(proposals, batch_size=BATCH)
        for proposal in proposals:
            proposal.created_at = proposal.report.submitted_at
        Proposal.objects.bulk_update(proposals, ["created_at"], batch_size=500)
        directives = []
        for proposal in proposals:
            if proposal.status == ProposalStatus.PENDING:
                continue
            task = proposal.task
            issued_on = min(proposal.created_at.date() + timedelta(days=10), as_of)
            deadline = issued_on + timedelta(days=rng.choice([15, 30, 60, 90]))
            status = rng.choices(list(DirectiveStatus.values), weights=[2, 3, 5])[0]
            completed_on = None
            if status == DirectiveStatus.COMPLETED:
                completed_on = min(issued_on + timedelta(days=rng.randrange(5, 80)), as_of)
            province = task.plan.issuing_body.parent_id
            directives.append(
                Directive(
                    task=task,
                    proposal=proposal,
                    source_document=self.notices[(province, issued_on.year)],
                    text=f"Giao đồng chí phụ trách khẩn trương xử lý vướng mắc việc {task.code}.",
                    responsible_cadre=proposal.raised_by,
                    responsible_unit=task.plan.issuing_body,
                    deadline=deadline,
                    status=status,
                    issued_on=issued_on,
                    acknowledged_at=(
                        _moment(issued_on, rng) if status != DirectiveStatus.ISSUED else None
                    ),
                    completed_on=completed_on,
                    completion_note="Đã thực hiện xong." if completed_on else "",
                )
            )
        Directive.objects.bulk_create(directives, batch_size=BATCH)
        self.counts.add("proposals", len(proposals))
        self.counts.add("directives", len(directives))

    def _article(self) -> None:
        """One published news article, for the portal's pages."""
        article_create(
            title=f"Sơ kết {self.years} năm thực hiện kế hoạch phân công cán bộ phụ trách việc khó",
            lead="Ban Thường vụ đánh giá kết quả các đồng chí được phân công phụ trách.",
            body="<p>Các đồng chí được phân công đã báo cáo kết quả định kỳ.</p>" * 20,
            category=NewsCategory.objects.order_by("pk").first(),
            status=ArticleStatus.PUBLISHED,
            published_at=_moment(self.as_of - timedelta(days=1), self.rng),
            by=None,
        )

    # ------------------------------------------------------------------ accounts for the bench

    def _users(self) -> None:
        """scale-standing oversees the whole tree, scale-province one province, scale-staff
        works in one commune, scale-cadre leads that commune's tasks."""
        user_model = get_user_model()
        commune = self.communes[0]
        cadre = self.cadres_of[commune.pk][0]
        accounts = [
            ("scale-standing", Role.STANDING_COMMITTEE, self.root),
            ("scale-province", Role.ORGANIZATION_BOARD, self.provinces[0]),
            ("scale-staff", Role.UNIT_STAFF, commune),
            ("scale-cadre", Role.CADRE, commune),
        ]
        hashed = make_password(self.password)
        for username, role, unit in accounts:
            user, _created = user_model.objects.get_or_create(username=username)
            user.password = hashed
            user.is_active = True
            user.save()
            Profile.objects.update_or_create(user=user, defaults={"role": role, "unit": unit})
            if role == Role.CADRE:
                Cadre.objects.filter(user=user).update(user=None)
                cadre.user = user
                cadre.save(update_fields=["user"])
