"""Public pages at "/": no login, the same page for every reader, a fixed number of queries.

Every lookup goes through a public selector (thaogo.portal.selectors), so drafts, private
documents and tasks that are not public are 404 here.
"""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from thaogo.core.ids import parse_id, parse_year
from thaogo.documents.models import DocumentType
from thaogo.portal import services
from thaogo.portal.http import public_page
from thaogo.portal.models import NewsCategory, image_path
from thaogo.portal.page_cache import cached_for_visitors
from thaogo.portal.selectors import (
    DocumentFilters,
    metrics_with_latest_value,
    public_albums,
    public_document_search,
    public_documents,
    public_milestones,
    public_resolutions,
    public_task_albums,
    public_tasks,
    published_albums,
    published_articles,
    resolution_scoreboard,
    visitor_stats,
)
from thaogo.portal.visitors import NOT_COUNTED_PREFIXES, client_address, is_bot
from thaogo.tasks.models import Status
from thaogo.units.models import Unit

NEWS_PER_PAGE = 10
HOME_NEWS = 7
DOCUMENTS_PER_PAGE = 20
ALBUMS_PER_PAGE = 12
PROGRESS_PER_PAGE = 20
IMAGE_MAX_AGE = 365 * 24 * 60 * 60  # an image's address never serves other bytes


def _layout(section: str) -> dict[str, Any]:
    """What the public layout needs on every page: one query, for the news categories."""
    return {
        "section": section,
        "news_categories": list(NewsCategory.objects.all()),
        "portal_name": settings.THAOGO_PORTAL_NAME,
    }


def _page(request: HttpRequest, items: Any, per_page: int) -> tuple[Page, str]:
    """A page of items and the query string without `page`, for the page links."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


@require_safe
@cached_for_visitors
def home(request: HttpRequest) -> HttpResponse:
    resolution = public_resolutions().first()
    return public_page(
        request,
        "portal/home.html",
        {
            **_layout("home"),
            "articles": list(published_articles()[:HOME_NEWS]),
            "albums": list(public_albums()[:3]),
            "documents": list(public_documents().order_by("-issued_on", "-number")[:5]),
            "scoreboard": resolution_scoreboard(resolution) if resolution else None,
        },
    )


@require_safe
@cached_for_visitors
def news_list(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    layout = _layout("news")
    category = None
    articles = published_articles()
    if slug is not None:
        category = next((c for c in layout["news_categories"] if c.slug == slug), None)
        if category is None:
            raise Http404
        articles = articles.filter(category=category)
    page, query = _page(request, articles, NEWS_PER_PAGE)
    return public_page(
        request,
        "portal/news_list.html",
        {**layout, "current_category": category, "page": page, "base_query": query},
    )


@require_safe
@cached_for_visitors
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(published_articles(), slug=slug)
    return public_page(
        request,
        "portal/article.html",
        {
            **_layout("news"),
            "article": article,
            "more": list(published_articles().exclude(pk=article.pk)[:5]),
        },
    )


@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    filters = DocumentFilters(
        q=request.GET.get("q", "")[:200],
        doc_type=parse_id(request.GET.get("type")),
        issuer=parse_id(request.GET.get("issuer")),
        year=parse_year(request.GET.get("year")),
    )
    page, query = _page(request, public_document_search(filters), DOCUMENTS_PER_PAGE)
    public = public_documents()
    return public_page(
        request,
        "portal/documents.html",
        {
            **_layout("documents"),
            "page": page,
            "base_query": query,
            "filters": filters,
            "types": list(DocumentType.objects.filter(pk__in=public.values("doc_type"))),
            "issuers": list(Unit.objects.filter(pk__in=public.values("issuer")).order_by("name")),
            "years": [d.year for d in public.dates("issued_on", "year", order="DESC")],
        },
    )


@require_safe
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """Only a public document's file; private ones are 404, exactly like missing ones."""
    document = get_object_or_404(public_documents(), pk=pk)
    if not document.file:
        raise Http404
    response = FileResponse(document.file.open("rb"), as_attachment=True)
    patch_cache_control(response, public=True, max_age=settings.THAOGO_PORTAL_CACHE_SECONDS)
    return response


@require_safe
def album_list(request: HttpRequest) -> HttpResponse:
    page, query = _page(request, public_albums(), ALBUMS_PER_PAGE)
    return public_page(
        request,
        "portal/albums.html",
        {**_layout("albums"), "page": page, "base_query": query},
    )


def _album_with_photos(slug: str):
    album = get_object_or_404(
        published_albums().select_related("task").prefetch_related("photos"), slug=slug
    )
    return album, list(album.photos.all())


@require_safe
def album_detail(request: HttpRequest, slug: str) -> HttpResponse:
    album, photos = _album_with_photos(slug)
    return public_page(
        request,
        "portal/album.html",
        {
            **_layout("albums"),
            "album": album,
            "photos": photos,
            "task": album.task if album.task and album.task.is_public else None,
        },
    )


@require_safe
def photo_detail(request: HttpRequest, slug: str, key: UUID) -> HttpResponse:
    album, photos = _album_with_photos(slug)
    index = next((i for i, photo in enumerate(photos) if photo.key == key), None)
    if index is None:
        raise Http404
    return public_page(
        request,
        "portal/photo.html",
        {
            **_layout("albums"),
            "album": album,
            "photo": photos[index],
            "number": index + 1,
            "count": len(photos),
            "previous": photos[index - 1] if index > 0 else None,
            "next": photos[index + 1] if index + 1 < len(photos) else None,
        },
    )


def _serve_image(key: UUID, *, thumbnail: bool) -> FileResponse:
    """Portal images straight from storage, no query: the random key is the whole address,
    and only names under portal/images/ can be formed, never a private upload."""
    path = image_path(key, thumbnail=thumbnail)
    if not default_storage.exists(path):
        raise Http404
    response = FileResponse(default_storage.open(path, "rb"), content_type="image/jpeg")
    patch_cache_control(response, public=True, max_age=IMAGE_MAX_AGE, immutable=True)
    response["ETag"] = f'"{key.hex}{"-t" if thumbnail else ""}"'
    return response


@require_safe
def image(request: HttpRequest, key: UUID) -> FileResponse:
    return _serve_image(key, thumbnail=False)


@require_safe
def thumbnail(request: HttpRequest, key: UUID) -> FileResponse:
    return _serve_image(key, thumbnail=True)


STATUS_TONES = {
    Status.NOT_STARTED: "muted",
    Status.IN_PROGRESS: "info",
    Status.PAUSED: "warn",
    Status.COMPLETED: "ok",
}


def _with_metrics(tasks: list) -> list:
    """Each task's metrics with their latest value and progress, in one query."""
    by_task: dict[int, list] = {task.pk: [] for task in tasks}
    for metric in metrics_with_latest_value(tasks):
        metric.progress = metric.progress_percent(metric.current_value)
        by_task[metric.task_id].append(metric)
    for task in tasks:
        task.public_metrics = by_task[task.pk]
        task.public_tone = STATUS_TONES.get(task.status, "muted")
    return tasks


@require_safe
def progress_list(request: HttpRequest) -> HttpResponse:
    tasks = public_tasks().select_related("category").order_by("plan_id", "code")
    page, query = _page(request, tasks, PROGRESS_PER_PAGE)
    items = _with_metrics(list(page.object_list))
    return public_page(
        request,
        "portal/progress_list.html",
        {**_layout("progress"), "page": page, "tasks": items, "base_query": query},
    )


@require_safe
def progress_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(
        public_tasks().select_related("category").prefetch_related("units", public_task_albums()),
        pk=pk,
    )
    _with_metrics([task])
    return public_page(
        request,
        "portal/progress_detail.html",
        {**_layout("progress"), "task": task, "milestones": public_milestones(task)},
    )


@require_safe
def resolution_detail(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    resolutions = public_resolutions()
    resolution = resolutions.first() if slug is None else get_object_or_404(resolutions, slug=slug)
    return public_page(
        request,
        "portal/resolution.html",
        {
            **_layout("targets"),
            "scoreboard": resolution_scoreboard(resolution) if resolution else None,
        },
    )


def _should_count(request: HttpRequest) -> bool:
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    if request.META.get("HTTP_SEC_FETCH_SITE") == "cross-site":
        return False
    page = request.headers.get("HX-Current-URL", "")
    path = "/" + page.split("://", 1)[-1].partition("/")[2] if "://" in page else page
    return not path.startswith(NOT_COUNTED_PREFIXES)


@csrf_exempt  # no session or user is involved; a forged request can only add a visit
@require_POST
def visitor_stats_widget(request: HttpRequest) -> HttpResponse:
    """Record the visit, then show the counts. Public pages load this after they render
    (htmx), so they stay cacheable and most bots, which run no JavaScript, never count."""
    if _should_count(request):
        services.visit_record(
            address=client_address(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    today = timezone.localdate()
    if services.visits_roll_up_due(today=today):  # the first visit of a day, on any server
        services.visits_roll_up(today=today)
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("portal/includes/visitor_stats.html", {"stats": visitor_stats()})
    response = HttpResponse(html)
    response["Content-Language"] = settings.LANGUAGE_CODE
    patch_cache_control(response, no_store=True)
    return response
