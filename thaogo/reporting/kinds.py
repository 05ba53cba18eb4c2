"""The reporting kinds on record (reporting.ReportingKind), read once per request or operation.

A page that lists a thousand obligations writes a thousand period labels; each asks the book
taken at the start of the request, not the database. The book is kept under the data's
version (core.dataversion, which every save of a kind moves), so a request usually takes it
from the cache and an edit in another process still shows at once. Outside a request (a
management command, the demo loader, a test) the book taken first is kept until a kind is
saved.
"""

from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from thaogo.core.dataversion import cached
from thaogo.reporting.periods import KindDefinition, format_label


class KindBook:
    def __init__(self, definitions: list[KindDefinition]) -> None:
        self._by_code = {kind.code: kind for kind in definitions}

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[KindDefinition]:
        return iter(self._by_code.values())

    def get(self, code: str) -> KindDefinition | None:
        return self._by_code.get(code)

    def of(self, codes: list[str]) -> list[KindDefinition]:
        return [self._by_code[code] for code in codes if code in self._by_code]

    def label(self, code: str, year: int, number: int) -> str:
        kind = self._by_code.get(code)
        if kind is None:  # a kind removed from the table: its obligations still read
            return format_label(f"{code} {{number}}/{{year}}", year, number)
        return kind.label(year, number)


def definition_of(row) -> KindDefinition:
    """The plain definition of a ReportingKind row."""
    return KindDefinition(
        code=row.code,
        span_months=row.span_months,
        last_months=row.months,
        label_pattern=row.label_pattern,
        precedence=row.precedence,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        name=row.name,
    )


def load_kinds() -> KindBook:
    from thaogo.reporting.models import ReportingKind

    return KindBook([definition_of(row) for row in ReportingKind.objects.all()])


_book: ContextVar[KindBook | None] = ContextVar("thaogo_kind_book", default=None)


def kind_book() -> KindBook:
    book = _book.get()
    if book is None:
        # The number names the book's form: a deploy that changes KindBook or KindDefinition
        # raises it, so no process unpickles a book of the old form.
        book = cached(("reporting-kinds", 1), load_kinds)
        _book.set(book)
    return book


def kinds_forget() -> None:
    """After a kind is saved: the next question takes the book again, under the data
    version the save moved. (A write that sends no signal, such as a data migration or
    `QuerySet.update()`, calls core.dataversion.bump() itself.)"""
    _book.set(None)


def period_label(kind: str, year: int, number: int) -> str:
    """The period as officials write it: "Quý I/2024", "6 tháng đầu năm 2024"."""
    return kind_book().label(kind, year, number)


def kind_book_middleware(get_response: Callable) -> Callable:
    """Each request takes the kinds afresh, once: an edit in another process shows at once."""

    def middleware(request: HttpRequest) -> HttpResponse:
        token = _book.set(None)
        try:
            return get_response(request)
        finally:
            _book.reset(token)

    return middleware
