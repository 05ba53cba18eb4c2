from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, items: Any, *, per_page: int | None = None) -> Page:
    paginator = Paginator(items, per_page or settings.THAOGO_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string less some keys, for links that change one parameter."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
