"""Build the demo (Plan 164-KH/QU of Quận ủy Lê Chân) through the services the app uses.

Loading is idempotent: every object is found again by its natural key, so a second load
changes nothing, and a load for another date moves the dates instead of adding rows.
Statuses, assignments and measured values are derived from the load date, so the demo
shows a believable picture (some work done, some late, some due this week) on any day.
"""

import random
import unicodedata
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thaogo.accounts.models import Profile, Role
from thaogo.api.models import ApiToken, TokenScope
from thaogo.api.services import SHOWN_PREFIX, digest_of
from thaogo.core.services import audited_save
from thaogo.demo import scenario as sc
from thaogo.demo.evaluation_history import load_evaluation_history
from thaogo.demo.reporting_history import load_reporting_history
from thaogo.documents.models import Document, DocumentType, NumberForm, Plan
from thaogo.documents.services import document_create, document_update, plan_create, plan_update
from thaogo.lib import clock
from thaogo.lib.text import fold
from thaogo.portal.demo import load_portal_demo
from thaogo.tasks.models import (
    Assignment,
    AssignmentRole,
    Category,
    DeadlineChange,
    Metric,
    MetricValue,
    Status,
    Task,
    UnitOfMeasure,
)
from thaogo.tasks.services import (
    assignment_create,
    assignment_end,
    lead_reassign,
    metric_create,
    metric_update,
    metric_value_record,
    task_create,
    task_update,
)
from thaogo.units.models import (
    Cadre,
    CommitteeTerm,
    DocumentStyle,
    NumberingSeries,
    Position,
    Unit,
    UnitKind,
)

REPORTING_CUTOFF_DAY = 14  # data is cut off on the 14th (Nghị định 09/2019/NĐ-CP)


@dataclass(frozen=True)
class DemoCalendar:
    """Maps the scenario's calendar (now = 15/10/2024) onto the load date by whole years.

    Whole years keep the plan's 29/11 and 31/12, quarter ends and the 14th cut-off day.
    """

    as_of: date

    @property
    def shift(self) -> int:
        return self.as_of.year - sc.ORIGINAL_NOW.year

    @property
    def now(self) -> date:
        """The load date in the scenario's calendar (2024 is a leap year, so 29/02 fits)."""
        return self.as_of.replace(year=sc.ORIGINAL_NOW.year)

    def move(self, day: date) -> date:
        year = day.year + self.shift
        try:
            return day.replace(year=year)
        except ValueError:  # 29/02 in a year without one
            return day.replace(year=year, day=28)

    def resolve(self, when: sc.ScenarioDate) -> date | None:
        """A scenario date in the scenario's calendar; relative dates count from now."""
        if isinstance(when, sc.FromNow):
            return self.now + timedelta(days=when.days)
        return when


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    full_name: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


@dataclass(frozen=True)
class DemoSummary:
    as_of: date
    shift_years: int
    plan: Plan
    units: int
    cadres: int
    documents: int
    tasks: int
    assignments: int
    metrics: int
    metric_values: int
    accounts: tuple[DemoAccount, ...]
    password: str = sc.DEMO_PASSWORD
    api_token: str = sc.DEMO_API_TOKEN
    api_token_user: str = sc.DEMO_API_TOKEN_USER


def load_demo(*, as_of: date) -> DemoSummary:
    """Create or bring up to date the whole demo as seen on `as_of`."""
    calendar = DemoCalendar(as_of)
    with clock.acting_as_of(as_of), transaction.atomic():
        loader = _Loader(calendar)
        return loader.run()


@dataclass(frozen=True)
class _TaskDates:
    """One task's dates in the scenario's calendar, as they stand at `now`."""

    start: date
    deadline: date | None
    completed_on: date | None
    status: str
    curve_end: date  # when the metrics reach their final share


@dataclass(frozen=True)
class _Lead:
    since: date  # scenario calendar
    cadre: Cadre
    change: sc.ReassignmentSpec | None  # None: the first lead, named when the task was set


@dataclass(frozen=True)
class _WantedAssignment:
    cadre: Cadre
    role: str
    start: date  # load calendar
    end: date | None
    decision: Document
    start_note: str
    end_note: str  # the reason given to assignment_end, as a person ending it would
    via_reassignment: bool


class _Loader:
    def __init__(self, calendar: DemoCalendar) -> None:
        self.calendar = calendar
        self.units: dict[str, Unit] = {}
        self.users: dict[str, AbstractUser] = {}
        self.cadres: dict[str, Cadre] = {}
        self.documents: dict[str, Document] = {}
        self.manager: AbstractUser | None = None

    @property
    def setup_day(self) -> date:
        """The committee's office set Thaogo up when the plan was issued."""
        return self.calendar.move(sc.PLAN.start_date)

    def acting_on(self, day: date, hour: int) -> AbstractContextManager[None]:
        """Write as the scenario's people did, on `day` at `hour` (the load date at the
        latest), so history, notices and timestamps carry the story's dates."""
        day = min(day, self.calendar.as_of)
        return clock.acting_at(timezone.make_aware(datetime.combine(day, time(hour))))

    def run(self) -> DemoSummary:
        setup_day = self.setup_day
        with self.acting_on(setup_day, 8):
            self._load_users()
            self._load_api_token()
            self.manager = self.users[sc.MANAGER_USERNAME]
            self._load_units()
            self._load_profiles()
            self._load_cadres()
        self._load_documents(setup_day)
        with self.acting_on(setup_day, 11):
            plan, deferred_plan_changes = self._load_plan()
        tasks = [self._load_task(plan, spec) for spec in sc.TASKS]
        self._load_deadline_extensions(tasks)
        if deferred_plan_changes:
            plan = plan_update(
                plan=plan, by=self.manager, expected_version=plan.version, **deferred_plan_changes
            )
        editor = next(a.username for a in sc.ACCOUNTS if a.role == Role.PORTAL_EDITOR)
        load_portal_demo(
            as_of=self.calendar.as_of,
            editor=self.users[editor],
            manager=self.manager,
            documents=self.documents,
            tasks={task.code: task for task in tasks},
        )
        load_reporting_history(
            plan=plan,
            now=self.calendar.as_of,
            office=self.users["vanphong"],
            board=self.manager,
            standing=self.users["btv"],
            users=list(self.users.values()),
        )
        load_evaluation_history(
            as_of=self.calendar.as_of,
            since=plan.start_date,
            board=self.manager,
            standing=self.users["btv"],
        )
        task_ids = [task.pk for task in tasks]
        return DemoSummary(
            as_of=self.calendar.as_of,
            shift_years=self.calendar.shift,
            plan=plan,
            units=len(self.units),
            cadres=len(self.cadres),
            documents=len(self.documents),
            tasks=len(tasks),
            assignments=Assignment.objects.filter(task_id__in=task_ids).count(),
            metrics=Metric.objects.filter(task_id__in=task_ids).count(),
            metric_values=MetricValue.objects.filter(metric__task_id__in=task_ids).count(),
            accounts=tuple(DemoAccount(a.username, a.role, a.full_name) for a in sc.ACCOUNTS),
        )

    # People and organisation: no services exist for these, so they are saved directly.

    def _load_users(self) -> None:
        user_model = get_user_model()
        # Hashed once for all the accounts: each hash costs half a second of CPU by design,
        # and the demo's password is public anyway.
        demo_password = make_password(sc.DEMO_PASSWORD)
        for spec in sc.ACCOUNTS:
            user = user_model.objects.filter(username=spec.username).first()
            if user is None:
                # Django stamps the real time; the accounts were opened in the story.
                user = user_model(username=spec.username, date_joined=clock.now())
            # Vietnamese names: the given name is the last word, the rest is the family name.
            family, _, given = spec.full_name.rpartition(" ")
            user.first_name = given
            user.last_name = family
            user.email = f"{spec.username}@{sc.EMAIL_DOMAIN}"
            user.is_active = True
            user.is_staff = spec.is_superuser
            user.is_superuser = spec.is_superuser
            # Always reset, so "demo" works even after someone changed it while trying things.
            user.password = demo_password
            user.full_clean()
            user.save()
            self.users[spec.username] = user

    def _load_api_token(self) -> None:
        """The published read-only token, live again even if someone revoked it."""
        user = self.users[sc.DEMO_API_TOKEN_USER]
        token = ApiToken.objects.filter(digest=digest_of(sc.DEMO_API_TOKEN)).first() or ApiToken(
            digest=digest_of(sc.DEMO_API_TOKEN)
        )
        token.user = user
        token.name = "Demo"
        token.scope = TokenScope.READ
        token.prefix = sc.DEMO_API_TOKEN[:SHOWN_PREFIX]
        token.revoked_at = None
        audited_save(token, by=user)

    def _load_units(self) -> None:
        kinds = {kind.code: kind for kind in UnitKind.objects.all()}
        for spec in sc.UNITS:
            parent = self.units[spec.parent] if spec.parent else None
            style = DocumentStyle.STATE if spec.state_style else DocumentStyle.PARTY
            self.units[spec.key] = _upsert(
                Unit,
                lookup={"parent": parent, "name": spec.name},
                values={
                    "kind": kinds[spec.kind],
                    "short_name": spec.short_name,
                    "issuer_code": spec.issuer_code,
                    "document_style": style,
                    "numbering_series": (
                        NumberingSeries.YEAR if spec.state_style else NumberingSeries.TERM
                    ),
                    "is_active": True,
                },
                by=self.manager,
            )
        # The district committee's term: its documents are numbered in it (164-KH/QU).
        _upsert(
            CommitteeTerm,
            lookup={"unit": self.units["qu"], "label": sc.PARTY_TERM},
            values={
                "starts_on": self.calendar.move(sc.PARTY_TERM_START),
                "ends_on": self.calendar.move(sc.PARTY_TERM_END),
            },
            by=self.manager,
        )

    def _load_profiles(self) -> None:
        for spec in sc.ACCOUNTS:
            _upsert(
                Profile,
                lookup={"user": self.users[spec.username]},
                values={"role": spec.role, "unit": self.units[spec.unit] if spec.unit else None},
                by=self.manager,
            )

    def _load_cadres(self) -> None:
        users_by_cadre = {a.cadre: self.users[a.username] for a in sc.ACCOUNTS if a.cadre}
        # Their posts date from the 2020 congress; the planning from the 2025-2030 round.
        posts_from = self.calendar.move(sc.POSITIONS_FROM)
        for number, spec in enumerate(sc.CADRES, start=1):
            user = users_by_cadre[spec.key]
            cadre = _upsert(
                Cadre,
                lookup={"full_name": spec.full_name},
                values={
                    "unit": self.units[spec.unit],
                    "committee_membership": spec.membership,
                    "planned_position": spec.planned_position,
                    "date_of_birth": sc.cadre_date_of_birth(number),
                    "planning_term": sc.PLANNING_TERM,
                    "planning_decision": sc.PLANNING_DECISION,
                    "user": user,
                    "email": user.email,
                    "is_active": True,
                },
                by=self.manager,
            )
            for order, (title, unit_key) in enumerate(spec.positions):
                _upsert(
                    Position,
                    lookup={"cadre": cadre, "title": title, "unit": self.units[unit_key]},
                    values={"order": order, "start_date": posts_from},
                    by=self.manager,
                )
            # Cadre.save() indexes position titles, which did not exist at its first save.
            titles = " ".join(cadre.positions.values_list("title", flat=True))
            if cadre.search_text != fold(f"{cadre.full_name} {cadre.planned_position} {titles}"):
                audited_save(cadre, by=self.manager)
            self.cadres[spec.key] = cadre

    # Documents and the plan, through their services.

    def _load_documents(self, setup_day: date) -> None:
        # Party and State types are separate lists; the legal normative form is not used here.
        types = {
            (t.system, t.code): t
            for t in DocumentType.objects.exclude(number_form=NumberForm.WITH_YEAR)
        }
        for spec in sc.DOCUMENTS:
            issuer = self.units[spec.issuer]
            doc_type = types[(issuer.document_style, spec.doc_type)]
            issued_on = self.calendar.move(spec.issued_on)
            # Older documents were entered when Thaogo was set up, later ones when issued.
            with self.acting_on(max(issued_on, setup_day), 10):
                self._load_document(spec, issuer, doc_type, issued_on)

    def _load_document(
        self, spec: sc.DocumentSpec, issuer: Unit, doc_type: DocumentType, issued_on: date
    ) -> None:
        # State documents number per calendar year, which moves with the load date.
        series = spec.series or str(issued_on.year)
        same_key = Document.objects.filter(issuer=issuer, doc_type=doc_type, number=spec.number)
        document = same_key.filter(series=series).first()
        if document is None:
            # Loaded before for another date, under that date's series.
            document = same_key.filter(abstract=spec.abstract).first()
        if document is None:
            # Only on creation: a re-load must not pile up copies of the file.
            pdf = None
            if spec.attach_pdf:
                name = _ascii(f"{spec.number}-{spec.doc_type}-{issuer.issuer_code}.pdf")
                pdf = ContentFile(_document_pdf(spec, issuer), name=name)
            document = document_create(
                number=spec.number,
                doc_type=doc_type,
                issuer=issuer,
                issued_on=issued_on,
                abstract=spec.abstract,
                series=series,
                is_public=spec.is_public,
                file=pdf,
                by=self.manager,
            )
        else:
            changes = _changed(
                document,
                {
                    "issued_on": issued_on,
                    "series": series,
                    "abstract": spec.abstract,
                    "is_public": spec.is_public,
                },
            )
            if changes:
                document = document_update(
                    document=document,
                    by=self.manager,
                    expected_version=document.version,
                    **changes,
                )
        self.documents[spec.key] = document

    def _load_plan(self) -> tuple[Plan, dict[str, Any]]:
        """The plan, and changes to apply only once its tasks have moved."""
        spec = sc.PLAN
        wanted = {
            "title": spec.title,
            "issuing_body": self.units[spec.issuing_body],
            "start_date": self.calendar.move(spec.start_date),
            "end_date": self.calendar.move(spec.end_date),
        }
        document = self.documents[spec.document]
        plan = Plan.objects.filter(document=document).first()
        if plan is None:
            return plan_create(document=document, by=self.manager, **wanted), {}
        changes = _changed(plan, wanted)
        # A plan may not start after its tasks: moving it later waits for the tasks to move.
        if changes.get("start_date", plan.start_date) > plan.start_date:
            return plan, changes
        if changes:
            plan = plan_update(plan=plan, by=self.manager, expected_version=plan.version, **changes)
        return plan, {}

    # Tasks, assignments, metrics and values, through their services.

    def _task_dates(self, spec: sc.TaskSpec) -> _TaskDates:
        cal = self.calendar
        start = spec.start
        deadline = cal.resolve(spec.deadline)
        if deadline is not None:
            deadline = max(deadline, start)
        completes_on = cal.resolve(spec.completes_on)
        if completes_on is not None:
            completes_on = max(completes_on, start)
        if start > cal.now:
            status, completed_on = Status.NOT_STARTED, None
        elif completes_on is not None and completes_on <= cal.now:
            status, completed_on = Status.COMPLETED, completes_on
        else:
            status, completed_on = Status.IN_PROGRESS, None
        curve_end = completes_on or deadline or sc.PLAN.end_date
        return _TaskDates(start, deadline, completed_on, status, max(curve_end, start))

    def _load_task(self, plan: Plan, spec: sc.TaskSpec) -> Task:
        cal = self.calendar
        dates = self._task_dates(spec)
        units = [self.units[key] for key in spec.units]
        completed = dates.status == Status.COMPLETED
        wanted: dict[str, Any] = {
            "title": spec.title,
            "description": spec.description,
            "category": Category.objects.get(code=spec.category),
            "is_hard": spec.hard,
            "is_new": spec.new,
            "is_backlogged": spec.backlogged,
            "is_complex": spec.complex,
            "start_date": cal.move(dates.start),
            "deadline": cal.move(dates.deadline) if dates.deadline else None,
            "priority": spec.priority,
            "status": dates.status,
            "completed_on": cal.move(dates.completed_on) if dates.completed_on else None,
            "result_summary": spec.result if completed else "",
        }
        task = Task.objects.filter(plan=plan, code=spec.code).first()
        completion: dict[str, Any] = {}
        if task is None:
            # Set on its start day; a task done since is recorded as completed on that day.
            initial = dict(wanted)
            if completed:
                completion = {
                    name: initial.pop(name) for name in ("completed_on", "result_summary")
                }
                completion["status"] = initial.pop("status")
                initial["status"] = Status.IN_PROGRESS
            with self.acting_on(max(wanted["start_date"], self.setup_day), 9):
                task = task_create(
                    plan=plan, code=spec.code, by=self.manager, units=units, **initial
                )
        else:
            changes = _changed(task, wanted)
            units_changed = set(task.units.values_list("pk", flat=True)) != {u.pk for u in units}
            if changes or units_changed:
                if "start_date" in changes:
                    self._make_room_for_start(task, changes["start_date"])
                task = task_update(
                    task=task,
                    by=self.manager,
                    expected_version=task.version,
                    units=units if units_changed else None,
                    **changes,
                )
        leads = self._load_assignments(task, spec)
        for order, metric_spec in enumerate(spec.metrics):
            metric = self._load_metric(task, metric_spec, order, wanted["deadline"])
            self._load_values(metric, metric_spec, spec, dates, leads)
        if completion:
            with self.acting_on(completion["completed_on"], 16):
                task = task_update(
                    task=task, by=self.manager, expected_version=task.version, **completion
                )
        return task

    def _load_deadline_extensions(self, tasks: list[Task]) -> None:
        """The scenario's extensions, rebuilt on every load: moving the demo to another date
        re-dates deadlines through task_update, which records each move as a change."""
        DeadlineChange.objects.filter(task__in=tasks).delete()
        by_code = {task.code: task for task in tasks}
        for spec in sc.DEADLINE_EXTENSIONS:
            task = by_code[spec.task]
            DeadlineChange.objects.create(
                task=task,
                previous_deadline=self.calendar.move(spec.previous_deadline),
                new_deadline=task.deadline,
                effective_on=self.calendar.move(self.calendar.resolve(spec.effective)),
                reason=spec.reason,
                recorded_by=self.manager,
            )

    def _make_room_for_start(self, task: Task, start: date) -> None:
        """A task may not start after its assignments or measured values: when a later load
        date moves the start, those rows move first (their exact dates are set just after)."""
        MetricValue.objects.filter(metric__task=task, measured_on__lt=start).delete()
        for row in task.assignments.filter(start_date__lt=start):
            row.start_date = start
            if row.end_date is not None:
                row.end_date = max(row.end_date, start)
            audited_save(row, by=self.manager)

    def _lead_chain(self, task: Task, spec: sc.TaskSpec) -> list[_Lead]:
        """Each lead of the task, as far as `now` reaches.

        A reassignment counts once its date has come, or once a load for a later date
        recorded it: history already written is kept, never undone.
        """
        chain = [_Lead(spec.start, self.cadres[spec.lead], None)]
        recorded = set(
            Assignment.objects.filter(task=task, role=AssignmentRole.LEAD).values_list(
                "cadre_id", flat=True
            )
        )
        for change in spec.reassignments:
            cadre = self.cadres[change.cadre]
            if change.on > self.calendar.now and cadre.pk not in recorded:
                break
            chain.append(_Lead(change.on, cadre, change))
        return chain

    def _wanted_assignments(
        self, spec: sc.TaskSpec, leads: list[_Lead], existing: dict[tuple[int, str], Assignment]
    ) -> list[_WantedAssignment]:
        cal = self.calendar
        plan_document = self.documents[sc.PLAN_DOCUMENT]
        wanted: list[_WantedAssignment] = []
        for index, lead in enumerate(leads):
            start = cal.move(lead.since)
            end = None
            if index + 1 < len(leads):
                # lead_reassign ends the previous lead the day before the new one starts.
                end = max(start, cal.move(leads[index + 1].since) - timedelta(days=1))
            if lead.change is None:
                decision = self.documents[spec.decision] if spec.decision else plan_document
                note = ""
            else:
                decision, note = self.documents[lead.change.decision], lead.change.note
            wanted.append(
                _WantedAssignment(
                    lead.cadre,
                    AssignmentRole.LEAD,
                    start,
                    end,
                    decision,
                    note,
                    "",
                    via_reassignment=lead.change is not None,
                )
            )
        for support in spec.supports:
            cadre = self.cadres[support.cadre]
            row = existing.get((cadre.pk, AssignmentRole.SUPPORT))
            start = cal.move(support.start or spec.start)
            if support.start and support.start > cal.now and row is None:
                continue  # added later in the plan, and that day has not come yet
            ends: list[date] = []
            if support.end and (support.end <= cal.now or (row and row.end_date)):
                ends.append(cal.move(support.end))
            # A supporting cadre who takes over the lead stops supporting that day.
            ends += [max(start, cal.move(lead.since)) for lead in leads[1:] if lead.cadre == cadre]
            wanted.append(
                _WantedAssignment(
                    cadre,
                    AssignmentRole.SUPPORT,
                    start,
                    min(ends) if ends else None,
                    self.documents[support.decision] if support.decision else plan_document,
                    support.note,
                    support.end_note,
                    via_reassignment=False,
                )
            )
        return wanted

    def _load_assignments(self, task: Task, spec: sc.TaskSpec) -> list[_Lead]:
        leads = self._lead_chain(task, spec)
        existing = {(a.cadre_id, a.role): a for a in task.assignments.order_by("pk")}
        wanted = self._wanted_assignments(spec, leads, existing)

        # 1. Rows already there take their (possibly moved) dates. Whether a row is active
        # does not change here, so no "one active lead" constraint is crossed; the services
        # below end what has to end.
        for want in wanted:
            row = existing.get((want.cadre.pk, want.role))
            if row is None:
                continue
            end = row.end_date
            if end is not None:
                end = want.end if want.end is not None else max(end, want.start)
            changes = _changed(
                row,
                {
                    "start_date": want.start,
                    "end_date": end,
                    "decision": want.decision,
                    "note": want.start_note,
                    "end_reason": want.end_note if end is not None else "",
                },
            )
            if changes:
                for name, value in changes.items():
                    setattr(row, name, value)
                row.version += 1
                audited_save(row, by=self.manager)

        # 2. New assignments in date order, through the services that keep history:
        # lead_reassign ends the previous lead (and the new lead's support) itself.
        for want in sorted(wanted, key=lambda w: (w.start, w.via_reassignment)):
            if (want.cadre.pk, want.role) in existing:
                continue
            with self.acting_on(max(want.start, self.setup_day), 9):
                self._assign(task, want)

        # 3. Assignments whose end has come and that no reassignment ended.
        for want in sorted(wanted, key=lambda w: w.end or date.max):
            if want.end is None:
                continue
            row = Assignment.objects.filter(
                task=task, cadre=want.cadre, role=want.role, end_date__isnull=True
            ).first()
            if row is not None:
                with self.acting_on(want.end, 17):
                    assignment_end(
                        assignment=row,
                        end_date=want.end,
                        expected_version=row.version,
                        reason=want.end_note,
                        by=self.manager,
                    )
        return leads

    def _assign(self, task: Task, want: _WantedAssignment) -> None:
        if want.via_reassignment:
            lead_reassign(
                task=task,
                cadre=want.cadre,
                on=want.start,
                decision=want.decision,
                note=want.start_note,
                by=self.manager,
            )
        else:
            assignment_create(
                task=task,
                cadre=want.cadre,
                role=want.role,
                start_date=want.start,
                decision=want.decision,
                note=want.start_note,
                by=self.manager,
            )

    def _load_metric(
        self, task: Task, spec: sc.MetricSpec, order: int, target_date: date | None
    ) -> Metric:
        wanted = {
            "unit": UnitOfMeasure.objects.get(code=spec.unit),
            "baseline": spec.baseline,
            "target": spec.target,
            "target_date": target_date,
            "order": order,
        }
        metric = Metric.objects.filter(task=task, name=spec.name).first()
        if metric is None:
            with self.acting_on(max(task.start_date, self.setup_day), 9):
                return metric_create(task=task, name=spec.name, by=self.manager, **wanted)
        changes = _changed(metric, wanted)
        if changes:
            metric = metric_update(
                metric=metric, by=self.manager, expected_version=metric.version, **changes
            )
        metric.task = task  # the task as just saved, with its moved start date
        return metric

    def _load_values(
        self,
        metric: Metric,
        spec: sc.MetricSpec,
        task_spec: sc.TaskSpec,
        dates: _TaskDates,
        leads: list[_Lead],
    ) -> None:
        cal = self.calendar
        reached = spec.reached if spec.reached is not None else task_spec.reached
        wanted: dict[date, tuple[Decimal, AbstractUser | None, str]] = {}
        # Seeded per metric so that every load for the same date writes the same figures.
        rng = random.Random(f"{task_spec.code}:{spec.name}")
        share = 0.0
        span = (dates.curve_end - dates.start).days or 1
        for day in _reporting_days(dates, cal.now):
            progress = min(1.0, (day - dates.start).days / span)
            if progress < 1.0:
                progress = min(1.0, max(0.0, progress + rng.uniform(-0.04, 0.04)))
            # Cumulative figures do not go backwards.
            share = max(share, reached * _s_curve(progress))
            value = spec.baseline + (spec.target - spec.baseline) * Decimal(str(share))
            lead = next((lead for lead in reversed(leads) if lead.since <= day), leads[0])
            measured_on = cal.move(day)
            if day == dates.completed_on:
                note = "Số liệu khi hoàn thành nhiệm vụ"
            else:
                note = f"Số liệu kỳ báo cáo tháng {measured_on:%m/%Y}"
            wanted[measured_on] = (_round(value, metric.unit), lead.cadre.user, note)

        # Figures of an earlier load for another date would sit on the wrong days.
        MetricValue.objects.filter(metric=metric).exclude(measured_on__in=wanted).delete()
        existing = {v.measured_on: v for v in metric.values.all()}
        for day, (value, user, note) in sorted(wanted.items()):
            old = existing.get(day)
            if (
                old is not None
                and old.value == value
                and old.note == note
                and old.recorded_by_id == (user.pk if user else None)
            ):
                continue
            with self.acting_on(day, 10):
                metric_value_record(metric=metric, measured_on=day, value=value, note=note, by=user)


def _reporting_days(dates: _TaskDates, now: date) -> list[date]:
    """Each month's cut-off day after the start, up to now or completion, then completion."""
    if dates.start > now:
        return []
    last = dates.completed_on or now
    days: list[date] = []
    year, month = dates.start.year, dates.start.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        day = date(year, month, REPORTING_CUTOFF_DAY)
        if day > last:
            break
        days.append(day)
    if dates.completed_on and dates.completed_on not in days:
        days.append(dates.completed_on)
    return days


def _s_curve(progress: float) -> float:
    # Slow start (surveys, consultation), fast middle, slow finish (the hardest cases).
    return progress * progress * (3 - 2 * progress)


def _round(value: Decimal, unit: UnitOfMeasure) -> Decimal:
    step = Decimal(1) if unit.is_whole_number else Decimal("0.01")
    return max(Decimal(0), value.quantize(step, rounding=ROUND_HALF_UP))


def _changed(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if getattr(obj, name) != value}


def _upsert(model: Any, *, lookup: dict[str, Any], values: dict[str, Any], by: Any) -> Any:
    """Find by natural key and save only what differs, so a re-load writes no history."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    else:
        changes = _changed(obj, values)
        if not changes:
            return obj
        for name, value in changes.items():
            setattr(obj, name, value)
    return audited_save(obj, by=by)


def _document_pdf(spec: sc.DocumentSpec, issuer: Unit) -> bytes:
    """A one-page PDF standing in for the scanned document (ASCII: base fonts lack Vietnamese)."""
    words = _ascii(spec.abstract).split()
    abstract_lines: list[str] = []
    for word in words:
        if abstract_lines and len(abstract_lines[-1]) + len(word) < 80:
            abstract_lines[-1] += f" {word}"
        else:
            abstract_lines.append(word)
    lines = [
        _ascii(issuer.name.upper()),
        _ascii(f"So {spec.number}-{spec.doc_type}/{issuer.issuer_code}"),
        "",
        *abstract_lines,
        "",
        "Ban mau cua Thaogo - du lieu minh hoa, khong phai van ban that.",
    ]
    text = " ".join(
        "({}) '".format(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))
        for line in lines
    )
    stream = f"BT /F1 12 Tf 16 TL 60 780 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _ascii(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 128)
