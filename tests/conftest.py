"""Shared fixtures: one small, readable world of units, cadres, plans and tasks.

Everything is built inline through the services, so a test reads like the story it
checks. The world, as of TODAY (15/10/2024):

    Thành ủy Hải Phòng (TU)
    └── Quận ủy Lê Chân (QU) ─ plan 164-KH/QU, 29/11/2023–31/12/2025
        ├── Ban Thường vụ
        ├── Ban Tổ chức
        ├── UBND quận Lê Chân (State style: 115/KH-UBND)
        ├── Phường Vĩnh Niệm ── Tổ dân phố số 5
        └── Phường An Biên
    Huyện ủy Thủy Nguyên (HU)   an unrelated tree, for outsiders
    └── Xã Lập Lễ              ─ plan 20-KH/HU

    task                 units            lead               timing on TODAY
    01 site clearance    Vĩnh Niệm        Nguyễn Văn Đạt     on track (deadline 31/12/2024)
    02 budget revenue    An Biên          Trần Thị Hoa       near due (17/10/2024)
    03 petitions         Tổ dân phố số 5  Lê Minh Tuấn       completed late
    04 public investment An Biên          —                  overdue (30/09/2024)
    05 obstacles         —                —                  no deadline
    foreign (20-KH/HU)   Xã Lập Lễ        Phạm Văn Nam       completed on time
"""

import copy
import itertools
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from playwright.sync_api import expect

from tests.databases import copy_migrated_template
from tests.helpers import PASSWORD, PLAN_END, PLAN_START, TODAY
from thaogo.accounts.models import Profile, Role
from thaogo.documents import services as document_services
from thaogo.documents.models import DocumentType, NumberForm
from thaogo.lib import clock
from thaogo.reporting.kinds import kinds_forget
from thaogo.tasks import services as task_services
from thaogo.tasks.models import AssignmentRole, Category, MeasureUnit, Priority, Status
from thaogo.units.models import (
    Cadre,
    CommitteeMembership,
    DocumentStyle,
    Position,
    Unit,
    UnitKind,
)

# Playwright's assertions wait 5 s by default, apart from the pages' own default timeouts. The
# suite runs three workers on two cores, beside PostgreSQL: a page that renders later than
# that (the API's docs building their operations from the schema) is waiting, not failing.
expect.set_options(timeout=20_000)


@pytest.fixture(autouse=True)
def _fresh_reporting_kinds():
    """The reporting kinds a test reads are its own database's, not a book an earlier test
    (rolled back since) left behind."""
    kinds_forget()
    yield
    kinds_forget()


# What every test runs with, and every world is built with.
TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # django-axes refuses authenticate() without a request, which some tests call directly;
    # tests/accounts/test_login_security.py turns it back on to test the throttle.
    "AXES_ENABLED": False,
    "THAOGO_NEAR_DUE_DAYS": 3,
    "THAOGO_PAGE_SIZE": 20,
}


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)
    # Tests run with DEBUG off but without `collectstatic`: serve static names as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    # The public pages' cache is keyed on change-row ids, which SQLite hands out again after a
    # test's rollback: no test reads a page another test cached.
    cache.clear()


@pytest.fixture
def today(monkeypatch) -> date:
    """Every page and service sees the same fixed day (the world below is built for it)."""
    # clock.today() is where business code asks for the date; it falls back on
    # system_today() outside clock.acting_as_of(), so that is the one to replace.
    name = "system_today" if hasattr(clock, "system_today") else "today"
    monkeypatch.setattr(clock, name, lambda: TODAY)
    return TODAY


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """PostgreSQL test sessions do not wait for each commit to reach the disk: a crash loses
    nothing a test database needs to keep, and the suite commits often (flushes, live
    servers, copies of the template)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_modify_db_settings,
    tmp_path_factory,
):
    """pytest-django's, except that under xdist each worker copies one migrated template
    (tests/databases.py) instead of running every migration itself."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        copied = hasattr(request.config, "workerinput") and copy_migrated_template(
            tmp_path_factory.getbasetemp().parent
        )
        config = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=copied,
        )
    yield
    with django_db_blocker.unblock():
        _end_other_sessions()
        try:
            teardown_databases(config, verbosity=verbosity)
        except Exception as exc:
            request.node.warn(pytest.PytestWarning(f"Could not drop the test database: {exc!r}"))


def _end_other_sessions() -> None:
    """End the test database's other PostgreSQL sessions, so that it can be dropped. The live
    server's request threads (the browser tests') can leave one idle behind: the last one
    seen had read a proposal, in a thread that had already ended."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def _live_server_settings(tmp_path_factory):
    # settings.MEDIA_URL is None (uploads are served only by views), but Django's live
    # server parses it at start-up and fails on every request when it is not a string.
    static_root = tmp_path_factory.mktemp("static")
    with override_settings(MEDIA_URL="/media-not-served/", STATIC_ROOT=static_root):
        yield


@pytest.fixture(scope="session")
def live_server(_live_server_settings, live_server):
    return live_server


class Maker:
    """Small factories. Writes that have a service go through it."""

    def __init__(self) -> None:
        self._serial = itertools.count(1)
        self.by = None  # the user named in history rows

    def kind(self, code: str) -> UnitKind:
        return UnitKind.objects.get(code=code)

    def unit(
        self,
        name: str,
        *,
        parent: Unit | None = None,
        kind: str = "ward",
        issuer_code: str = "",
        style: str = DocumentStyle.PARTY,
    ) -> Unit:
        return Unit.objects.create(
            name=name,
            parent=parent,
            kind=self.kind(kind),
            issuer_code=issuer_code,
            document_style=style,
        )

    def user(
        self,
        username: str,
        *,
        role: str | None = None,
        unit: Unit | None = None,
        superuser: bool = False,
    ) -> User:
        if superuser:
            user = User.objects.create_superuser(username, f"{username}@example.vn", PASSWORD)
        else:
            user = User.objects.create_user(username, f"{username}@example.vn", PASSWORD)
        if role is not None:
            Profile.objects.create(user=user, role=role, unit=unit)
        return user

    def cadre(
        self,
        full_name: str,
        *,
        unit: Unit,
        membership: str = CommitteeMembership.EXECUTIVE,
        planned_position: str = "",
        positions: tuple[tuple[str, Unit], ...] = (),
        user: User | None = None,
    ) -> Cadre:
        cadre = Cadre.objects.create(
            full_name=full_name,
            unit=unit,
            committee_membership=membership,
            planned_position=planned_position,
            user=user,
        )
        for order, (title, where) in enumerate(positions):
            Position.objects.create(cadre=cadre, title=title, unit=where, order=order)
        if positions:
            cadre.save()  # re-index the position titles for search
        return cadre

    def document(
        self,
        number: int,
        *,
        issuer: Unit,
        issued_on: date,
        abstract: str,
        doc_type: str = "KH",
        series: str = "2020-2025",
        is_public: bool = False,
        file: SimpleUploadedFile | None = None,
    ):
        return document_services.document_create(
            number=number,
            doc_type=self.doc_type(doc_type, issuer),
            issuer=issuer,
            issued_on=issued_on,
            abstract=abstract,
            series=series,
            is_public=is_public,
            file=file,
            by=self.by,
        )

    def doc_type(self, code: str, issuer: Unit) -> DocumentType:
        """The type of that code in the issuer's list (Party or State), not the legal
        normative one where both exist."""
        types = DocumentType.objects.filter(code=code, system=issuer.document_style)
        return types.exclude(number_form=NumberForm.WITH_YEAR).first() or types.get()

    def plan(self, document, *, title: str, issuing_body: Unit, start: date, end: date):
        return document_services.plan_create(
            document=document,
            title=title,
            issuing_body=issuing_body,
            start_date=start,
            end_date=end,
            by=self.by,
        )

    def task(
        self,
        *,
        plan,
        title: str,
        category: str = "other",
        code: str | None = None,
        units: list[Unit] | tuple[Unit, ...] = (),
        start_date: date = date(2024, 1, 1),
        **fields,
    ):
        return task_services.task_create(
            plan=plan,
            code=code or f"{next(self._serial):02d}",
            title=title,
            category=Category.objects.get(code=category),
            start_date=start_date,
            units=list(units),
            by=self.by,
            **fields,
        )

    def assign(self, task, cadre, *, role=AssignmentRole.LEAD, start_date=None, decision=None):
        return task_services.assignment_create(
            task=task,
            cadre=cadre,
            role=role,
            start_date=start_date or task.start_date,
            decision=decision,
            by=self.by,
        )

    def metric(self, task, *, name: str, unit: str, target, baseline=0):
        return task_services.metric_create(
            task=task,
            name=name,
            unit=unit,
            target=Decimal(target),
            baseline=Decimal(baseline),
            by=self.by,
        )

    def value(self, metric, *, on: date, value):
        return task_services.metric_value_record(
            metric=metric, measured_on=on, value=Decimal(value), by=self.by
        )


@dataclass
class SharedWorld:
    world: SimpleNamespace
    media: Path  # the files the world uploaded
    next_serial: int  # where a test's Maker goes on numbering


# Modules whose every database test reads the world, and none in a transaction of its own
# or beside another fixture that writes once for the module: the world is built once for
# such a module, in a transaction rolled back when it ends, and each test runs in a
# savepoint inside it (as Django's TestCase.setUpTestData), with its own copy of the
# world's objects. Building it costs about 640 queries: for each of hundreds of tests.
SHARED_WORLD_MODULES: set[str] = set()
TRANSACTIONAL = {"transactional_db", "live_server", "django_db_serialized_rollback"}


def _shares_the_world(items: list) -> bool:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        marker = item.get_closest_marker("django_db")
        if not (names & {"db", "transactional_db"} or marker):
            continue
        if "world" not in names or names & TRANSACTIONAL:
            return False
        if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
            return False
        definitions = item._fixtureinfo.name2fixturedefs
        for name in names - {"_shared_world", "django_db_setup"}:
            for definition in definitions.get(name, ()):
                if (
                    definition.scope != "function"
                    and "django_db_blocker" in definition.argnames
                    and not definition.func.__module__.startswith("pytest_django")
                ):
                    return False
    return True


def _note_shared_world_modules(items: list) -> None:
    by_module: dict[str, list] = {}
    for item in items:
        module = getattr(item, "module", None)
        if module is not None:
            by_module.setdefault(module.__name__, []).append(item)
    SHARED_WORLD_MODULES.clear()
    SHARED_WORLD_MODULES.update(name for name, its in by_module.items() if _shares_the_world(its))


@pytest.fixture(scope="module")
def _shared_world(request, django_db_blocker, tmp_path_factory):
    if request.module.__name__ not in SHARED_WORLD_MODULES:
        yield None
        return
    request.getfixturevalue("django_db_setup")
    media = tmp_path_factory.mktemp("world-media")
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as patch,
        override_settings(**TEST_SETTINGS, MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        patch.setattr(clock, "system_today", lambda: TODAY)
        cache.clear()
        kinds_forget()
        make = Maker()
        world = build_world(make)
        yield SharedWorld(world, media, next(make._serial))
        transaction.set_rollback(True)
    cache.clear()
    kinds_forget()


@pytest.fixture
def make(db, _shared_world: SharedWorld | None) -> Maker:
    maker = Maker()
    if _shared_world is not None:
        maker._serial = itertools.count(_shared_world.next_serial)
    return maker


@pytest.fixture
def world(_shared_world: SharedWorld | None, make: Maker, today: date, settings) -> SimpleNamespace:
    if _shared_world is None:
        return build_world(make)
    shutil.copytree(_shared_world.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return copy.deepcopy(_shared_world.world)


def build_world(make: Maker) -> SimpleNamespace:
    """The world above, for fixtures of a wider scope than `world` (the date must be TODAY)."""
    w = SimpleNamespace()

    # Units: a tree of any depth, plus an unrelated one.
    w.city = make.unit("Thành ủy Hải Phòng", kind="party-committee", issuer_code="TU")
    w.district = make.unit(
        "Quận ủy Lê Chân", parent=w.city, kind="party-committee", issuer_code="QU"
    )
    w.standing = make.unit("Ban Thường vụ", parent=w.district, kind="standing-committee")
    w.board = make.unit("Ban Tổ chức", parent=w.district, kind="advisory-board")
    w.peoples_committee = make.unit(
        "UBND quận Lê Chân",
        parent=w.district,
        kind="peoples-committee",
        issuer_code="UBND",
        style=DocumentStyle.STATE,
    )
    w.vinh_niem = make.unit("Phường Vĩnh Niệm", parent=w.district)
    w.residential_group = make.unit("Tổ dân phố số 5", parent=w.vinh_niem, kind="agency")
    w.an_bien = make.unit("Phường An Biên", parent=w.district)
    w.foreign_district = make.unit("Huyện ủy Thủy Nguyên", kind="party-committee", issuer_code="HU")
    w.foreign_commune = make.unit("Xã Lập Lễ", parent=w.foreign_district, kind="commune")

    # Users: one per role, plus outsiders.
    w.btv = make.user("btv", role=Role.STANDING_COMMITTEE)
    w.btc = make.user("btc", role=Role.ORGANIZATION_BOARD)
    w.office = make.user("office", role=Role.OFFICE)
    w.cadre = make.user("cadre", role=Role.CADRE)
    w.other_cadre = make.user("other_cadre", role=Role.CADRE)
    w.unit_staff = make.user("unit_staff", role=Role.UNIT_STAFF, unit=w.vinh_niem)
    w.other_unit_staff = make.user("other_unit_staff", role=Role.UNIT_STAFF, unit=w.an_bien)
    w.editor = make.user("editor", role=Role.PORTAL_EDITOR)
    w.admin = make.user("admin", superuser=True)
    w.outsider = make.user("outsider")
    make.by = w.btc

    # Cadres.
    w.dat = make.cadre(
        "Nguyễn Văn Đạt",
        unit=w.district,
        membership=CommitteeMembership.STANDING,
        planned_position="Phó Bí thư Quận ủy",
        positions=(("Bí thư Đảng ủy phường Vĩnh Niệm", w.vinh_niem),),
        user=w.cadre,
    )
    w.hoa = make.cadre(
        "Trần Thị Hoa",
        unit=w.an_bien,
        planned_position="Trưởng Ban Tuyên giáo",
        user=w.other_cadre,
    )
    w.tuan = make.cadre("Lê Minh Tuấn", unit=w.vinh_niem, membership=CommitteeMembership.NONE)
    w.nam = make.cadre("Phạm Văn Nam", unit=w.foreign_district)

    # Documents and plans.
    w.plan_doc = make.document(
        164,
        issuer=w.district,
        issued_on=PLAN_START,
        abstract="Phân công cán bộ được quy hoạch phụ trách giải quyết việc khó, tồn đọng",
    )
    w.plan = make.plan(
        w.plan_doc,
        title="Phân công cán bộ phụ trách việc khó, mới, tồn đọng kéo dài",
        issuing_body=w.district,
        start=PLAN_START,
        end=PLAN_END,
    )
    w.decision = make.document(
        512,
        doc_type="QĐ",
        issuer=w.district,
        issued_on=date(2023, 11, 30),
        abstract="Quyết định phân công đồng chí Nguyễn Văn Đạt chủ trì",
        file=SimpleUploadedFile(
            "quyet-dinh-512.pdf", b"%PDF-1.4 quyet dinh", content_type="application/pdf"
        ),
    )
    w.state_doc = make.document(
        115,
        issuer=w.peoples_committee,
        issued_on=date(2024, 3, 1),
        abstract="Kế hoạch thu ngân sách năm 2024",
        series="2024",
        is_public=True,
    )
    w.foreign_doc = make.document(
        20, issuer=w.foreign_district, issued_on=date(2024, 1, 5), abstract="Kế hoạch huyện"
    )
    w.foreign_plan = make.plan(
        w.foreign_doc,
        title="Kế hoạch của Huyện ủy Thủy Nguyên",
        issuing_body=w.foreign_district,
        start=date(2024, 1, 5),
        end=date(2025, 12, 31),
    )

    # Tasks, one in each timing bucket on TODAY.
    w.clearance = make.task(
        plan=w.plan,
        code="01",
        title="Giải phóng mặt bằng dự án đường Hồ Sen – Cầu Rào 2",
        category="site-clearance",
        units=[w.vinh_niem],
        start_date=date(2023, 12, 1),
        deadline=date(2024, 12, 31),
        priority=Priority.HIGH,
        status=Status.IN_PROGRESS,
        is_hard=True,
        is_backlogged=True,
    )
    w.clearance_lead = make.assign(w.clearance, w.dat, decision=w.decision)
    w.households = make.metric(
        w.clearance, name="Số hộ đã bàn giao mặt bằng", unit=MeasureUnit.HOUSEHOLDS, target=120
    )
    make.value(w.households, on=date(2024, 6, 30), value=60)
    make.value(w.households, on=date(2024, 9, 30), value=90)  # 75 %

    w.revenue = make.task(
        plan=w.plan,
        code="02",
        title="Thu hồi nợ đọng thuế của doanh nghiệp trên địa bàn phường",
        category="budget-revenue",
        units=[w.an_bien],
        deadline=TODAY + timedelta(days=2),
        status=Status.IN_PROGRESS,
        is_complex=True,
    )
    make.assign(w.revenue, w.hoa)

    w.petitions = make.task(
        plan=w.plan,
        code="03",
        title="Giải quyết dứt điểm đơn kiến nghị của hộ dân",
        category="petitions",
        units=[w.residential_group],
        start_date=date(2024, 2, 1),
        deadline=date(2024, 6, 30),
        status=Status.COMPLETED,
        completed_on=date(2024, 7, 10),
        is_new=True,
    )
    make.assign(w.petitions, w.tuan)

    w.investment = make.task(
        plan=w.plan,
        code="04",
        title="Đẩy nhanh giải ngân vốn đầu tư công xây trường học",
        category="public-investment",
        units=[w.an_bien],
        deadline=date(2024, 9, 30),
        status=Status.IN_PROGRESS,
    )
    w.obstacles = make.task(
        plan=w.plan,
        code="05",
        title="Tháo gỡ vướng mắc dự án nhà ở xã hội",
        category="project-obstacles",
    )
    w.foreign_task = make.task(
        plan=w.foreign_plan,
        code="01",
        title="Giải phóng mặt bằng khu công nghiệp",
        category="site-clearance",
        units=[w.foreign_commune],
        start_date=date(2024, 2, 1),
        deadline=date(2024, 7, 31),
        status=Status.COMPLETED,
        completed_on=date(2024, 5, 1),
    )
    make.assign(w.foreign_task, w.nam)
    make.by = None
    return w


# Named users, one per role plus outsiders, as their own fixtures.
@pytest.fixture
def btv(world):
    return world.btv


@pytest.fixture
def btc(world):
    return world.btc


@pytest.fixture
def office(world):
    return world.office


@pytest.fixture
def cadre(world):
    return world.cadre


@pytest.fixture
def other_cadre(world):
    return world.other_cadre


@pytest.fixture
def unit_staff(world):
    return world.unit_staff


@pytest.fixture
def other_unit_staff(world):
    return world.other_unit_staff


@pytest.fixture
def editor(world):
    return world.editor


@pytest.fixture
def admin(world):
    return world.admin


@pytest.fixture
def outsider(world):
    return world.outsider


@pytest.fixture
def client_for(db):
    """client_for(user) -> a test client logged in as that user (None: anonymous)."""

    def build(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return build


# Fixtures that build something large once per module or class (the whole demo, a cluster of
# servers, the map of every page of the site): with the suite spread over several workers
# (pytest-xdist, `--dist loadgroup`), a module's tests that use one stay on one worker, so it
# is built once, not once per worker. The map's module is the suite's largest group: xdist
# starts the largest first, and the other workers share the rest of the suite meanwhile.
SHARED_ONCE = {"demo", "demo_on_default_day", "cluster", "walk"}


# Before xdist's own hook, which reads the groups to name the items it schedules.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    _note_shared_world_modules(items)
    for item in items:
        if SHARED_ONCE & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    """Refuse to run scattered: a pytest and xdist that do not agree on node ids lose the groups
    silently, and every worker then loads the demo for itself."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    lost = [
        item.nodeid
        for item in session.items
        if any(item.iter_markers("xdist_group")) and "@" not in item.nodeid
    ]
    if lost:
        raise pytest.UsageError(f"xdist groups were not applied, for example to {lost[0]}")
