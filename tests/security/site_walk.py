"""A map of the whole site, built from the URLconf and the pages themselves, for the generated
hostile-input tests (test_generated_input.py) and the cache test (tests/access).

Nothing here lists a page, a parameter or a form by hand:
- every named URL pattern is found by walking thaogo.urls (the admin's included) and filled
  with real objects of the test world (the access matrix's objects, or the admin's rows);
- every role that may open a page opens it (the access matrix says who; the admin is the
  administrator's), and the query parameters the page reads are recorded by a QueryDict that
  notes each key asked for, plus the keys of the page's own GET forms and links;
- every HTML form on those pages (lxml's HTML parser) is read as a browser would submit it.

The world is built once per test module and every request runs in a savepoint that is rolled
back, so cases cannot pollute each other (`rolled_back`).
"""

import copy
import re
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.html
import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.base import Template
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.datastructures import MultiValueDict

from tests.access.test_matrix import MATRIX, ROLES, build_objects
from tests.conftest import TEST_SETTINGS, Maker, build_world
from tests.helpers import TODAY
from tests.ops.fingerprint import tables_fingerprint
from tests.portal.conftest import build_portal
from thaogo.lib import clock
from thaogo.tasks.models import Task

# Each hostile value is sent in place of one query parameter or one form field at a time.
# A list is one key repeated with each value.
HOSTILE: dict[str, str | list[str]] = {
    "nul": "a\x00b",
    "40 digits": "9" * 40,
    "negative": "-1",
    "zero": "0",
    "decimal comma": "36120,5",
    "1e999": "1e999",
    "superscript digit": "²",
    "100k chars": "x" * 100_000,
    "rtl and emoji": "\u202egpj.exe 😀 ١٢٣",
    "like wildcards": "%_",
    "quote": "' OR '1'='1",
    "path": "../../etc/passwd",
    "empty": "",
    "repeated": ["1", "2"],
    "31/02/2024": "31/02/2024",
    "01/01/0001": "01/01/0001",
}

# Pages any cache may keep: they set their own Cache-Control (thaogo/portal/http.py), as does
# the calendar feed, whose address is its credential.
PUBLIC_NAMESPACES = {"portal", "calendar_feed"}
MISSING_PK = 999_999


# ---------------------------------------------------------------- the URLconf


@dataclass(frozen=True)
class Route:
    name: str  # "tasks:detail", "admin:tasks_task_change"
    argument_names: tuple[str, ...]  # keyword arguments, or "" for each positional one

    @property
    def namespace(self) -> str:
        return self.name.rpartition(":")[0]

    @property
    def is_admin(self) -> bool:
        return self.namespace == "admin"

    @property
    def is_public(self) -> bool:
        return self.namespace in PUBLIC_NAMESPACES


def _arguments(pattern: Any) -> tuple[str, ...]:
    regex = pattern.regex
    named = tuple(regex.groupindex)
    return named if named else ("",) * regex.groups


def _walk(patterns: list, namespace: str, arguments: tuple[str, ...]) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner, arguments + _arguments(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Route(name, arguments + _arguments(pattern.pattern))


def routes() -> list[Route]:
    """Every named URL of the site, the admin's included, each once."""
    found: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns, "", ()):
        found.setdefault(route.name, route)
    return sorted(found.values(), key=lambda r: r.name)


def route_names() -> list[str]:
    return [route.name for route in routes()]


def route_of(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name if match.url_name else None


def admin_model(name: str) -> Any:
    action = name.removeprefix("admin:")
    prefixes = {f"{m._meta.app_label}_{m._meta.model_name}_": m for m in admin.site._registry}
    matching = [p for p in prefixes if action.startswith(p)]
    return prefixes[max(matching, key=len)] if matching else None


def url_for(route: Route, objects: dict[str, Any]) -> str | None:
    """The route's address with real objects of the test world, or None if it has none."""
    if route.name in MATRIX:
        return reverse(route.name, args=[objects[a] for a in MATRIX[route.name][0]])
    if not route.argument_names:
        return reverse(route.name)
    if route.name == "admin:app_list":
        return reverse(route.name, kwargs={"app_label": "tasks"})
    if route.name == "admin:view_on_site":
        task = Task.objects.order_by("pk").first()
        content_type = ContentType.objects.get_for_model(Task)
        return reverse(route.name, args=[content_type.pk, task.pk])
    model = admin_model(route.name) if route.is_admin else None
    if model is None:
        return None
    # A model without rows (the login throttle's, say) still has its pages: for a row that
    # is not there.
    row = model.objects.order_by("pk").first()
    pk = row.pk if row is not None else MISSING_PK
    if route.argument_names == ("", ""):  # django-simple-history's version page
        version = row.history.order_by("pk").first() if row is not None else None
        return reverse(route.name, args=[pk, version.history_id if version else MISSING_PK])
    return reverse(route.name, args=[pk] * len(route.argument_names))


def roles_for(route: Route) -> list[str]:
    """Who to open the route as: the access matrix says who may; the admin is the
    administrator's. A route the matrix does not know yet is tried by everyone."""
    if route.is_admin:
        return ["admin"]
    if route.name in MATRIX:
        statuses = MATRIX[route.name][1]
        return [role for role, status in zip(ROLES, statuses, strict=True) if status < 400]
    return list(ROLES)


def with_arguments(url: str, route: Route, value: str) -> str | None:
    """The route's address with each argument replaced by `value`, if the URL accepts it."""
    if not route.argument_names:
        return None
    try:
        match = resolve(urlsplit(url).path)
        if match.kwargs:
            return reverse(route.name, kwargs=dict.fromkeys(match.kwargs, value))
        return reverse(route.name, args=[value] * len(match.args))
    except (NoReverseMatch, Resolver404):
        return None


# ---------------------------------------------------------------- what a page reads


_NOT_READERS = ("/django/http/request.py", "/django/utils/datastructures.py", __file__)


def _reader() -> str:
    """Where a query parameter is read: the template, or the line of Python code. The same
    parameter read by the same code on many pages (the header's search box, the pager) need
    not take every hostile value on each of them."""
    frame = sys._getframe(2)
    in_template = False
    while frame is not None:
        filename = frame.f_code.co_filename
        if "/django/template/" in filename:
            template = frame.f_locals.get("self")
            if frame.f_code.co_name == "_render" and isinstance(template, Template):
                return f"template {template.origin.template_name}"
            in_template = True
        elif not in_template and not filename.endswith(_NOT_READERS):
            return f"{filename.rpartition('site-packages/')[2]}:{frame.f_lineno}"
        frame = frame.f_back
    return "unknown"


class RecordingQueryDict(QueryDict):
    """request.GET that notes every key a view, a template or a middleware asks for, and
    where it was asked for."""

    reads: ClassVar[dict[str, set[str]]] = {}

    @staticmethod
    def _note(key: object) -> None:
        RecordingQueryDict.reads.setdefault(str(key), set()).add(_reader())

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._note(key)
        return super().get(key, default)

    def getlist(self, key: str, default: Any = None) -> list:
        self._note(key)
        return super().getlist(key, default)

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return super().__contains__(key)


def record_query_reads(get_response: Any) -> Any:
    """Test-only middleware, first in the chain: request.GET becomes a RecordingQueryDict."""

    def middleware(request: HttpRequest) -> HttpResponse:
        request.GET = RecordingQueryDict(
            request.META.get("QUERY_STRING", ""), encoding=request.encoding
        )
        return get_response(request)

    return middleware


# ---------------------------------------------------------------- the forms on a page


@dataclass
class HtmlForm:
    """A form as a browser submits it (disabled controls and unchecked boxes left out)."""

    method: str
    action: str
    fields: list[tuple[str, str]]
    buttons: list[tuple[str, str]]  # named submit buttons
    kinds: dict[str, str] = field(default_factory=dict)  # name -> input type / select
    headers: dict[str, str] = field(default_factory=dict)  # htmx's, for hx-post forms
    page: str = ""  # where it was found

    @property
    def names(self) -> list[str]:
        """The fields a hostile value replaces: what the user can change, and hidden ones."""
        return list(dict.fromkeys(n for n, _v in self.fields if n != "csrfmiddlewaretoken"))

    @property
    def signature(self) -> tuple:
        """Forms that differ only in their values (the header's logout form on every page)
        are one form."""
        return (self.method, route_of(self.action), tuple(sorted(set(self.names))))

    def data(self, button: tuple[str, str] | None = None, **replace: Any) -> dict[str, list]:
        data: dict[str, list] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        for name, value in replace.items():
            data[name] = value if isinstance(value, list) else [value]
        if button is not None:
            data.setdefault(button[0], []).append(button[1])
        return data


def parse(html: str) -> Any:
    """The page's element tree. lxml's C parser, not html5lib: the walk parses every page it
    opens, and html5lib's pure-Python tokenizer was a quarter of the walk's time."""
    if not html.strip():
        return lxml.html.fromstring("<html></html>")
    return lxml.html.document_fromstring(html)


def _text(element: Any) -> str:
    return "".join(element.itertext())


def _textarea_value(element: Any) -> str:
    # A browser drops the newline that follows <textarea> (Django's widget writes one);
    # libxml2 keeps it.
    text = _text(element)
    return text[1:] if text.startswith("\n") else text


def _controls(form: Any) -> tuple[list, list, dict]:
    fields: list[tuple[str, str]] = []
    buttons: list[tuple[str, str]] = []
    kinds: dict[str, str] = {}
    for element in form.iter():
        name = element.get("name")
        if element.tag not in ("input", "select", "textarea", "button") or not name:
            continue
        if element.get("disabled") is not None:
            continue
        if element.tag == "button" or (
            element.tag == "input" and element.get("type", "").lower() in ("submit", "image")
        ):
            if element.get("type", "submit").lower() == "submit" or element.tag == "input":
                buttons.append((name, element.get("value", "")))
            continue
        if element.tag == "textarea":
            fields.append((name, _textarea_value(element)))
            kinds[name] = "textarea"
        elif element.tag == "select":
            options = list(element.iter("option"))
            values = [o.get("value", _text(o).strip()) for o in options]
            chosen = [
                v for o, v in zip(options, values, strict=True) if o.get("selected") is not None
            ]
            multiple = element.get("multiple") is not None
            if not multiple and not chosen and values:
                chosen = values[:1]
            fields.extend((name, value) for value in chosen)
            kinds[name] = "select-multiple" if multiple else "select"
        else:
            kind = element.get("type", "text").lower()
            kinds[name] = kind
            if kind in ("checkbox", "radio"):
                if element.get("checked") is not None:
                    fields.append((name, element.get("value", "on")))
            elif kind in ("file", "reset", "button"):
                continue
            else:
                fields.append((name, element.get("value", "")))
    return fields, buttons, kinds


def forms_on(page_url: str, html: str) -> list[HtmlForm]:
    document = parse(html)
    found = []
    for element in document.iter("form"):
        fields, buttons, kinds = _controls(element)
        action = urljoin(page_url, element.get("action") or page_url)
        method = (element.get("method") or "get").lower()
        found.append(HtmlForm(method, action, fields, buttons, kinds, page=page_url))
        for attribute, hx_method in (("hx-post", "post"), ("hx-get", "get")):
            if element.get(attribute):
                target = element.get("hx-target", "").lstrip("#")
                headers = {"HX-Request": "true", "HX-Target": target}
                found.append(
                    HtmlForm(
                        hx_method,
                        urljoin(page_url, element.get(attribute)),
                        fields,
                        buttons,
                        kinds,
                        headers,
                        page=page_url,
                    )
                )
    # htmx elements that are not forms (the portal's visitor counter) post nothing else.
    for element in document.iter():
        if element.tag != "form" and element.get("hx-post"):
            found.append(
                HtmlForm(
                    "post",
                    urljoin(page_url, element.get("hx-post")),
                    [],
                    [],
                    headers={"HX-Request": "true"},
                    page=page_url,
                )
            )
    return found


def query_keys_offered(page_url: str, html: str, forms: list[HtmlForm]) -> set[str]:
    """The query parameters the page itself offers: its GET forms' fields and the query
    strings of its links back to itself (sorting, filters, pages)."""
    path = urlsplit(page_url).path
    keys = {
        name
        for form in forms
        if form.method == "get" and urlsplit(form.action).path == path
        for name in form.names
    }
    for link in re.findall(r'href="([^"]*)"', html):
        target = urlsplit(urljoin(page_url, link.replace("&amp;", "&")))
        if target.path == path and target.query:
            keys.update(key for key, _v in parse_qsl(target.query, keep_blank_values=True))
    return keys


# ---------------------------------------------------------------- Django's forms behind them


def django_forms(response: HttpResponse) -> list[BaseForm]:
    """The form objects the page was rendered with: the admin's unwrapped, and the rows of
    its inline formsets."""
    found: dict[int, BaseForm] = {}

    def collect(value: Any) -> None:
        if isinstance(value, list | tuple):
            for item in value:
                collect(item)
            return
        formset = getattr(value, "formset", value)  # the admin's InlineAdminFormSet
        if isinstance(formset, BaseFormSet):
            for form in formset.forms:
                found.setdefault(id(form), form)
            return
        form = getattr(value, "form", value)  # the admin's AdminForm
        if isinstance(form, BaseForm):
            found.setdefault(id(form), form)

    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            collect(value)
    return list(found.values())


def matching_form(forms: list[BaseForm], html_form: HtmlForm) -> BaseForm | None:
    """The Django form an HTML form was rendered from: every field it has is in the HTML (or
    disabled, which a browser does not send)."""
    best, best_size = None, 0
    for form in forms:
        own = {form.add_prefix(n) for n, f in form.fields.items() if not f.disabled}
        if own and own <= set(html_form.kinds) and len(own) > best_size:
            best, best_size = form, len(own)
    return best


def rejects(form: BaseForm, html_name: str, data: dict[str, list]) -> tuple[str, ...] | None:
    """Why the form, bound to `data`, refuses the field: the codes of its errors on it (empty
    when it accepts the value), from a copy of the page's form bound and validated as the view
    would. None when that cannot be told."""
    name = next((n for n in form.fields if form.add_prefix(n) == html_name), None)
    if name is None:
        return None
    bound = copy.copy(form)
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    bound.data, bound.files, bound.is_bound = query, MultiValueDict(), True
    bound._errors, bound._bound_fields_cache = None, {}
    bound.fields = copy.deepcopy(form.fields)
    try:
        errors = bound.errors.get(name)
    except Exception:  # the request itself will show what goes wrong
        return None
    return tuple(sorted({str(error.code) for error in errors.as_data()})) if errors else ()


# ---------------------------------------------------------------- the world, once per module


@dataclass
class Page:
    route: Route
    role: str
    url: str
    status: int
    params: dict[str, frozenset[str]]  # query parameter -> where it is read
    forms: list[HtmlForm]
    django_forms: list[BaseForm]
    query: dict[str, str] = field(default_factory=dict)  # what the page needs to work
    widget_queries: list[tuple[str, dict]] = field(default_factory=list)  # autocomplete

    def with_param(self, name: str, value: str | list[str]) -> dict:
        return {**self.query, name: value}


@dataclass
class Site:
    world: SimpleNamespace
    objects: dict[str, Any]
    media_root: Any
    clients: dict[str, Client]
    baseline: dict | None = None
    pages: dict[tuple[str, str], Page] | None = None
    # (route, role, url, query) of each page whose opening raised instead of answering.
    failed: list[tuple[str, str, str, dict]] = field(default_factory=list)
    cases: dict[str, dict[str, Any]] | None = None  # route -> case label -> check

    def client(self, role: str) -> Client:
        return self.clients[role]

    def written(self) -> dict:
        """Rows of every table, except what a request may change without writing data:
        sessions, and sequences (PostgreSQL's advance even when the insert is rolled back)."""
        fingerprint = tables_fingerprint()
        for volatile in ("django_session", "sequences", "sqlite_sequence"):
            fingerprint.pop(volatile, None)
        return fingerprint


@contextmanager
def rolled_back(client: Client) -> Iterator[None]:
    """Whatever the request writes, and the cookies it sets (a logout), are undone after."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies


# Statements that may change a row, except in the tables `Site.written` leaves out.
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_VOLATILE = re.compile(r"\bdjango_session\b")


@contextmanager
def write_statements() -> Iterator[list[str]]:
    """The statements of the block that may have written a row. Most refused forms send none,
    so the costly fingerprint of every table is taken only when one was sent: it, not the
    statement, decides, because a write undone by a savepoint inside the view is no write."""
    sent: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if _WRITE.match(sql) and not _VOLATILE.search(sql):
            sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield sent


def failure(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/thaogo/" in f.filename]
    where = f" at {frames[-1].filename.split('/thaogo/')[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}: {str(exc)[:120]}{where}"


@dataclass
class Result:
    response: HttpResponse | None
    error: str = ""  # the exception a request raised
    wrote: bool = False  # whether it changed any row (when asked to check)

    @property
    def status(self) -> int:
        return self.response.status_code if self.response is not None else 500


def request(
    site: Site,
    role: str,
    method: str,
    url: str,
    data: Any = None,
    *,
    headers: dict | None = None,
    check_writes: bool = False,
    content_type: str | None = None,
) -> Result:
    """One request in its own savepoint, rolled back after. With a `content_type`, `data` is
    the body as sent (JSON for the API)."""
    client = site.client(role)
    try:
        with rolled_back(client), write_statements() as writes:
            if method == "get":
                response = client.get(url, data, headers=headers or {})
            elif content_type is not None:
                response = client.post(url, data, content_type=content_type, headers=headers or {})
            else:
                response = client.post(url, data or {}, headers=headers or {})
            if response.streaming:
                # Read inside the savepoint, and kept for a caller that reads the file.
                response.streaming_content = [b"".join(response.streaming_content)]
            wrote = check_writes and bool(writes) and site.written() != site.baseline
        return Result(response, wrote=wrote)
    except Exception as exc:
        return Result(None, failure(exc))


def site_fixture(name: str = "site") -> Any:
    """A module-scoped fixture: the test world and a logged-in client per role, built once and
    rolled back when the module ends."""

    @pytest.fixture(scope="module", name=name)
    def fixture(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Any:
        media_root = tmp_path_factory.mktemp("media")
        middleware = ["tests.security.site_walk.record_query_reads", *settings.MIDDLEWARE]
        with (
            django_db_blocker.unblock(),
            pytest.MonkeyPatch.context() as patch,
            override_settings(
                MIDDLEWARE=middleware,
                MEDIA_ROOT=media_root,
                **TEST_SETTINGS,
                # Every case calls the JSON API as the same few users: no rate limit here.
                THAOGO_API_RATE_PER_MINUTE=10**9,
            ),
            transaction.atomic(),
        ):
            patch.setattr(clock, "system_today", lambda: TODAY)
            make = Maker()
            world = build_world(make)
            portal = build_portal(world, make)
            objects = build_objects(world, portal)
            clients = {}
            for role in ROLES:
                client = Client()
                if role != "anonymous":
                    client.force_login(getattr(world, role))
                clients[role] = client
            yield Site(world, objects, media_root, clients)
            transaction.set_rollback(True)

    return fixture


@pytest.fixture
def site_in_test(site: Site, db: Any, settings: Any, today: date) -> Site:
    """The module's site, for one test: its files where the world put them."""
    settings.MEDIA_ROOT = site.media_root
    return site


@pytest.fixture
def walk(site_in_test: Site) -> Site:
    """The module's site with its map: every page, what it reads and the forms it shows."""
    site = site_in_test
    if site.baseline is None:
        site.baseline = site.written()
    if site.pages is None:
        site.pages = discover(site)
    return site


def _open(site: Site, route: Route, role: str, url: str, query: dict) -> Page | None:
    RecordingQueryDict.reads = {}
    response = request(site, role, "get", url, query).response
    if response is None:
        return None  # the route's own test shows the error
    params = {key: frozenset(where) for key, where in RecordingQueryDict.reads.items()}
    forms: list[HtmlForm] = []
    widget_queries: list[tuple[str, dict]] = []
    is_html = response.get("Content-Type", "").startswith("text/html")
    if response.status_code < 400 and is_html:
        html = response.content.decode()
        forms = forms_on(url, html)
        for key in query_keys_offered(url, html, forms):
            params.setdefault(key, frozenset({"offered by the page"}))
        widget_queries = list(autocomplete_queries(url, html))
    return Page(
        route,
        role,
        url,
        response.status_code,
        params,
        forms,
        django_forms(response),
        query,
        widget_queries,
    )


def autocomplete_queries(page_url: str, html: str) -> Iterator[tuple[str, dict]]:
    """The admin's autocomplete widgets: the address they ask, with what they send."""
    if "data-ajax--url" not in html:
        return
    document = parse(html)
    for element in document.iter("select"):
        if element.get("data-ajax--url"):
            yield (
                urljoin(page_url, element.get("data-ajax--url")),
                {
                    "app_label": element.get("data-app-label", ""),
                    "model_name": element.get("data-model-name", ""),
                    "field_name": element.get("data-field-name", ""),
                    "term": "",
                },
            )


def discover(site: Site) -> dict[tuple[str, str], Page]:
    """Open every route as every role that may, and note what each page reads and offers.
    A page that answers 4xx to all is kept too: its address and parameters still get tried."""
    pages: dict[tuple[str, str], Page] = {}
    for route in routes():
        url = url_for(route, site.objects)
        if url is None:
            continue
        for role in roles_for(route):
            if (page := _open(site, route, role, url, {})) is not None:
                pages[route.name, role] = page
            else:
                site.failed.append((route.name, role, url, {}))
    # Routes only widgets call, with the query they need: the admin's autocomplete.
    for page in list(pages.values()):
        for url, query in page.widget_queries:
            name = route_of(url)
            known = pages.get((name, page.role))
            if name and (known is None or known.status >= 400):
                route = next(r for r in routes() if r.name == name)
                if (found := _open(site, route, page.role, url, query)) is not None:
                    pages[name, page.role] = found
                else:
                    site.failed.append((name, page.role, url, query))
    return pages
