from functools import reduce
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from thaogo.core.ids import parse_id


def paginate(
    request: HttpRequest,
    items: Any,
    *,
    per_page: int | None = None,
    count: int | None = None,
    param: str = "page",
) -> Page:
    """The requested page (its number in `param`, for a page with several paged tables).
    `count`, when the caller already counted the items in the same request, spares the
    paginator a second count."""
    paginator = Paginator(items, per_page or settings.THAOGO_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    return paginator.get_page(request.GET.get(param))


def paginate_keyset(
    request: HttpRequest,
    items: QuerySet,
    *,
    count: int,
    keys: list[tuple[str, bool]] | None,
    per_page: int | None = None,
) -> Page:
    """The requested page of `items` (ordered), costing about the same wherever it is.

    Next and Previous links carry the row the page ends or starts at (`after` / `before`,
    its id; the page's `after` and `before` attributes): the page is then the rows past
    that row's sort keys (`keys`, each field with True when descending, the last one
    unique), read from the index like the first page. A page asked by its number alone
    (`?page=N`, as any older link does) is read from whichever end is nearer, so the last
    page costs what the first does. `keys` None (a sort on a field that may be empty): pages
    by number only, still from the nearer end."""
    paginator = Paginator(items, per_page or settings.THAOGO_PAGE_SIZE)
    paginator.count = count
    number = paginator.get_page(request.GET.get("page")).number
    size = paginator.per_page
    rows = None
    if keys is not None:
        for param, forward in (("after", True), ("before", False)):
            anchor = parse_id(request.GET.get(param))
            if anchor is not None:
                rows = _past(items, keys, anchor, forward, size)
                break
    if rows is None:
        start = (number - 1) * size
        end = min(start + size, count)
        if start > count - end:  # nearer the end: read backwards from it
            rows = list(items.reverse()[count - end : count - start])[::-1]
        else:
            rows = list(items[start:end])
    page = Page(rows, number, paginator)
    page.after = rows[-1].pk if rows and keys is not None and page.has_next() else None
    page.before = rows[0].pk if rows and keys is not None and page.has_previous() else None
    return page


def _past(
    items: QuerySet, keys: list[tuple[str, bool]], anchor: int, forward: bool, size: int
) -> list | None:
    """The `size` rows after (or before) the row `anchor` in the order of `keys`; None when
    that row is not among `items` (gone, or filtered out): the caller pages by number."""
    names = [name for name, _descending in keys]
    values = items.filter(pk=anchor).values(*names).first()
    if values is None:
        return None
    past = []
    for index, (name, descending) in enumerate(keys):
        greater = descending != forward  # forward and ascending: greater; and so on
        same = {earlier: values[earlier] for earlier in names[:index]}
        past.append(Q(**same, **{f"{name}__{'gt' if greater else 'lt'}": values[name]}))
    rows = items.filter(reduce(lambda a, b: a | b, past))
    if forward:
        return list(rows[:size])
    return list(rows.reverse()[:size])[::-1]
