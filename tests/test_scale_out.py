"""Two app servers share one PostgreSQL, one Redis and one object store, and nothing else.

Two gunicorn processes, each with its own THAOGO_VAR_DIR (so no shared disk), serve one
browser-like session whose every request goes to the other server than the one before, as
a round-robin load balancer would send it: log in, write a draft report, attach a file,
submit, review, visit the public portal, log out. Everything written through one server is
what the other shows; a login lockout earned on one holds on the other; the cache is one.

This test runs on PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379, with the suite's
PostgreSQL run (DATABASE_URL=postgres://…, the second phase of .ci/run): a deployment with
several servers is a PostgreSQL deployment (SQLite is a file on one server's disk), so the
suite's SQLite run would only repeat it.
It creates its own database (thaogo_scaleout_<pid>) and drops it at the end. Migrating a new
database takes half a minute, so the migrated schema is kept as a template database named
after a hash of the migrations (thaogo_scaleout_tpl_<hash>), made once and copied in a second
by each later run; a change to any migration makes a new one. In Redis it uses database 11
under its own key prefix and deletes its keys at the end. The object store is moto's S3
server, in this process.
"""

import hashlib
import html
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
import redis
import requests
from moto.server import ThreadedMotoServer

from tests.helpers import PASSWORD

pytestmark = [
    pytest.mark.scale_out,
    # The same test whatever the suite's database: run once per CI, with the PostgreSQL phase.
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="runs with the suite on PostgreSQL (DATABASE_URL=postgres://…), its database",
    ),
]

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
REDIS_DB = 11
BUCKET = "thaogo-scale-out"
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
PDF = b"%PDF-1.4\n% bien ban ban giao mat bang, 12 ho\n%%EOF\n"

# Run in a fresh interpreter against the new database: the tests' own small world (its date
# is fixed by THAOGO_TODAY), with a fast hasher except for the three users who log in.
BUILD_WORLD = """
import json, django
django.setup()
from django.conf import settings
settings.PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from tests.conftest import Maker, build_world
from tests.helpers import PASSWORD
from thaogo.reporting.models import ReportObligation
world = build_world(Maker())
for name in ("cadre", "btc", "office"):
    User.objects.filter(username=name).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )
obligation = ReportObligation.objects.get(
    assignment=world.clearance_lead, period_end="2024-09-14"
)
print(json.dumps({"obligation": obligation.pk}))
"""


# ---------------------------------------------------------------- the services


def _admin_connection() -> psycopg.Connection:
    return psycopg.connect(f"{PG}/postgres", autocommit=True)


def _migrations_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "thaogo").glob("*/migrations/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _thaogo(env: dict[str, str], *args: str, timeout: int = 120) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "thaogo", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@contextmanager
def postgres_database(env: dict[str, str]) -> Iterator[str]:
    """A new database with every migration applied, dropped at the end."""
    name = f"thaogo_scaleout_{os.getpid()}"
    template = f"thaogo_scaleout_tpl_{_migrations_hash()}"
    with closing(_admin_connection()) as admin:
        # One run at a time makes or copies the template (other worktrees share the server).
        admin.execute("SELECT pg_advisory_lock(hashtext('thaogo_scaleout_tpl'))")
        try:
            made = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s AND datistemplate", [template]
            ).fetchone()
            if not made:
                for (old,) in admin.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE 'thaogo_scaleout_tpl_%'"
                ).fetchall():
                    admin.execute(f'ALTER DATABASE "{old}" IS_TEMPLATE false')
                    admin.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{template}"')
                try:
                    _thaogo(
                        {**env, "DATABASE_URL": f"{PG}/{template}"},
                        "migrate",
                        "--no-input",
                        "-v0",
                    )
                except BaseException:
                    admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
                    raise
                admin.execute(f'ALTER DATABASE "{template}" IS_TEMPLATE true')
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            admin.execute("SELECT pg_advisory_unlock(hashtext('thaogo_scaleout_tpl'))")
    try:
        yield f"{PG}/{name}"
    finally:
        with closing(_admin_connection()) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_ports(count: int) -> list[int]:
    """Ports free now, all different (each probe stays bound until all are chosen)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


@contextmanager
def gunicorn(*envs: dict[str, str], logs: Path) -> Iterator[list[str]]:
    """One gunicorn server per environment, started together; their addresses."""
    servers = []
    try:
        for number, (env, port) in enumerate(zip(envs, _free_ports(len(envs)), strict=True)):
            log = logs / f"server-{number}.log"
            with open(log, "wb") as out:
                process = subprocess.Popen(
                    [
                        *(sys.executable, "-m", "gunicorn", "thaogo.wsgi"),
                        *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"),
                        *("--timeout", "60", "--graceful-timeout", "2"),
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            servers.append((process, f"http://127.0.0.1:{port}", log))
        # A worker imports the app on its first request: on a loaded machine (the whole suite
        # on two cores) that can take longer than a read timeout, which is waiting, not failure.
        deadline = time.monotonic() + 180
        for process, base, log in servers:
            while True:
                assert process.poll() is None, log.read_text()[-3000:]
                with suppress(requests.ConnectionError, requests.Timeout):
                    if requests.get(f"{base}/accounts/login/", timeout=30).status_code == 200:
                        break
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.2)
        yield [base for _process, base, _log in servers]
    finally:
        for process, _base, _log in servers:
            process.send_signal(signal.SIGTERM)
        for process, _base, _log in servers:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[SimpleNamespace]:
    tmp = tmp_path_factory.mktemp("scale-out")
    prefix = f"thaogo-scaleout-{os.getpid()}"
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    s3.start()
    cache = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    try:
        _host, s3_port = s3.get_host_and_port()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp),
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "thaogo.settings",
            "SECRET_KEY": "scale-out-test-only-the-same-on-every-server",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_CONN_MAX_AGE": "60",
            "CACHE_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "CACHE_KEY_PREFIX": prefix,
            "THAOGO_FILE_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "scale-out-test",
            "AWS_SECRET_ACCESS_KEY": "scale-out-test",
            "THAOGO_TODAY": "2024-10-15",
            "AXES_FAILURE_LIMIT": "3",
            "LOG_LEVEL": "WARNING",
            "THAOGO_VAR_DIR": str(tmp / "build"),
        }
        bucket = _s3_client(env)
        bucket.create_bucket(Bucket=BUCKET)
        with postgres_database(env) as database_url:
            env["DATABASE_URL"] = database_url
            # A "replica" that is the primary itself: the portal's anonymous pages read
            # through the router's second connection, as they would from a real replica.
            env["DATABASE_REPLICA_URL"] = database_url
            # Each server has its own disk: the static files are the release's, copied.
            var_a, var_b = tmp / "server-a", tmp / "server-b"
            env_a = {**env, "THAOGO_VAR_DIR": str(var_a)}
            env_b = {**env, "THAOGO_VAR_DIR": str(var_b)}
            builder = subprocess.Popen(
                [sys.executable, "-c", BUILD_WORLD],
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            _thaogo(env_a, "collectstatic", "--no-input", "-v0")
            subprocess.run(["cp", "-a", str(var_a), str(var_b)], check=True)
            out, err = builder.communicate(timeout=120)
            assert builder.returncode == 0, err[-3000:]
            world = json.loads(out.strip().splitlines()[-1])
            with gunicorn(env_a, env_b, logs=tmp) as (a, b):
                yield SimpleNamespace(
                    servers=(a, b),
                    env_a=env_a,
                    env_b=env_b,
                    var_dirs=(var_a, var_b),
                    obligation=world["obligation"],
                    bucket=bucket,
                    database_url=database_url,
                )
    finally:
        for key in cache.scan_iter(f"{prefix}:*"):
            cache.delete(key)
        cache.close()
        s3.stop()


def _s3_client(env: dict[str, str]):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name=env["AWS_S3_REGION_NAME"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )


# ---------------------------------------------------------------- a browser, balanced


@dataclass
class Form:
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)

    def data(self, **changes: str) -> dict[str, str]:
        values = dict(self.fields)
        values.update(changes)
        return values


class _Forms(HTMLParser):
    """The forms of a page with the values a browser would send as they are."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(a))
        elif not self.forms or "name" not in a:
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.forms[-1].fields.append((a["name"], a.get("value", default)))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1].fields.append((a["name"], ""))
        elif tag == "select":
            self._select, self._first_option, self._selected = a["name"], None, False

    def _option(self, a: dict[str, str]) -> None:
        if self._first_option is None:
            self._first_option = a.get("value", "")
        if "selected" in a and not self._selected:
            self._selected = True
            self.forms[-1].fields.append((self._select or "", a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, value = self.forms[-1].fields[-1]
            self.forms[-1].fields[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            name, value = self.forms[-1].fields[-1]
            self.forms[-1].fields[-1] = (name, value.removeprefix("\n"))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._selected and self._first_option is not None:
                self.forms[-1].fields.append((self._select, self._first_option))
            self._select = None


def form_in(page: str, **attrs: str) -> Form:
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        if all(form.attrs.get(key) == value for key, value in attrs.items()):
            return form
    raise AssertionError(f"no form with {attrs} in the page")


class Balanced:
    """A browser whose requests alternate between the servers: each one reaches the server
    the previous one did not. Cookies are the browser's, as one site."""

    def __init__(self, servers: tuple[str, ...], user_agent: str = BROWSER) -> None:
        self.http = requests.Session()
        self.http.headers["User-Agent"] = user_agent
        self._next = itertools.cycle(servers)
        self.served_by: list[str] = []

    def _url(self, path: str) -> str:
        server = next(self._next)
        self.served_by.append(server)
        return server + path

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self._url(path), allow_redirects=False, timeout=30, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> requests.Response:
        return self.http.post(
            self._url(path), data=data, allow_redirects=False, timeout=30, **kwargs
        )

    def page(self, path: str) -> str:
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.text

    def log_in(self, username: str, password: str = PASSWORD) -> requests.Response:
        form = form_in(self.page("/accounts/login/"), action="/accounts/login/")
        return self.post("/accounts/login/", form.data(username=username, password=password))


def redirected_to(response: requests.Response) -> str:
    """Where a form that worked sends the browser; a page with its errors if it did not."""
    errors = re.findall(r'class="(?:field-error|errorlist|alert)[^"]*"[^>]*>([^<]*)', response.text)
    assert response.status_code == 302, (response.status_code, errors or response.text[-1500:])
    return response.headers["Location"]


def numbers(widget_html: str) -> dict[str, int]:
    return {
        key: int(value.replace(".", ""))
        for key, value in re.findall(r'data-stat="(\w+)">([\d.]+)<', widget_html)
    }


# ---------------------------------------------------------------- the session


def test_a_session_alternating_between_two_servers_holds_from_login_to_review(cluster):
    servers = cluster.servers
    report = f"/app/reports/{cluster.obligation}/"

    # The cadre logs in: the login page from one server, the password to the other.
    cadre = Balanced(servers)
    assert redirected_to(cadre.log_in("cadre")) == "/app/"
    assert "Nguyễn Văn Đạt" in cadre.page("/app/")

    # A draft, saved through one server, is what the other shows.
    page = cadre.page(f"{report}write/")
    draft = form_in(page, id="report-form")
    text = "Đã vận động thêm 12 hộ bàn giao mặt bằng; còn 18 hộ chưa đồng ý."
    saved = cadre.post(f"{report}write/", draft.data(results=text, save=""))
    assert redirected_to(saved) == f"{report}write/"
    page = cadre.page(f"{report}write/")
    assert html.escape(text, quote=False) in page

    # The attachment goes to the object store; the other server serves it back.
    upload = form_in(page, action=f"{report}attachments/")
    attached = cadre.post(
        f"{report}attachments/",
        upload.data(),
        files={"file": ("bien-ban-ban-giao.pdf", PDF, "application/pdf")},
    )
    assert redirected_to(attached) == f"{report}write/"
    page = cadre.page(f"{report}write/")
    link = re.search(r'href="(/app/attachments/\d+/)">bien-ban-ban-giao\.pdf<', page)
    assert link, "the attachment is not listed"
    download = cadre.get(link.group(1))
    assert download.status_code == 200 and download.content == PDF
    stored = cluster.bucket.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    assert any(item["Key"].endswith(".pdf") and item["Size"] == len(PDF) for item in stored)

    # Submitted through one server, with the version the other one gave out.
    draft = form_in(page, id="report-form")
    assert redirected_to(cadre.post(f"{report}write/", draft.data(submit=""))) == report
    assert re.search(r'data-state="submitted_(on_time|late)"', cadre.page(report))

    # The Organization Board reviews it, also across both servers.
    board = Balanced(servers)
    assert redirected_to(board.log_in("btc")) == "/app/"
    page = board.page(report)
    assert html.escape(text, quote=False) in page
    review = next(
        form
        for form in _all_forms(page)
        if not form.attrs.get("action") and "submission" in dict(form.fields)
    )
    accepted = board.post(report, review.data(decision="accept", comment="Đạt yêu cầu."))
    assert redirected_to(accepted) == report
    assert 'data-state="accepted"' in board.page(report)
    assert board.get(link.group(1)).content == PDF

    # The cadre sees the decision; after logging out on one server, the other knows it too.
    assert 'data-state="accepted"' in cadre.page(report)
    logout = form_in(cadre.page("/app/"), action="/accounts/logout/")
    cadre.post("/accounts/logout/", logout.data())
    assert "/accounts/login/" in redirected_to(cadre.get("/app/"))
    assert "/accounts/login/" in redirected_to(cadre.get("/app/"))

    # A visitor of the public portal counts once, whichever server counts them.
    visitor = Balanced(servers)
    assert visitor.get("/").status_code == 200
    counted = [
        numbers(visitor.post("/thong-ke-truy-cap/", {}, headers={"HX-Request": "true"}).text)
        for _ in range(4)
    ]
    assert counted == [{"online": 1, "today": 1, "week": 1, "all": 1}] * 4
    other = Balanced(servers, user_agent=BROWSER.replace("131", "130"))
    assert numbers(other.post("/thong-ke-truy-cap/", {}).text)["today"] == 2
    assert numbers(visitor.post("/thong-ke-truy-cap/", {}).text)["today"] == 2

    # Every request above alternated, and neither server wrote an uploaded file to its disk.
    for browser in (cadre, board, visitor):
        assert all(x != y for x, y in itertools.pairwise(browser.served_by))
    for var in cluster.var_dirs:
        assert sorted(p.name for p in var.iterdir()) == ["static"], list(var.rglob("*"))


def test_a_login_lockout_earned_on_both_servers_holds_on_both(cluster):
    intruder = Balanced(cluster.servers)
    # AXES_FAILURE_LIMIT=3: two failures, one counted by each server, and the third locks.
    for attempt in range(3):
        response = intruder.log_in("office", password="not-the-password")
        assert response.status_code == (429 if attempt == 2 else 400), response.status_code
    for _ in range(2):  # now even the right password is refused, on each server
        response = intruder.log_in("office")
        assert response.status_code == 429, response.status_code


def test_both_servers_use_one_cache(cluster):
    write = "from django.core.cache import cache; cache.set('scale-out', 'shared', 60)"
    read = "from django.core.cache import cache; print(cache.get('scale-out'))"
    _thaogo(cluster.env_a, "shell", "--no-imports", "-c", write)
    assert _thaogo(cluster.env_b, "shell", "--no-imports", "-c", read).strip() == "shared"


def _all_forms(page: str) -> list[Form]:
    parser = _Forms()
    parser.feed(page)
    return parser.forms
