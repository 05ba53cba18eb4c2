import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from thaogo.accounts.roles import oversees, role_of
from thaogo.documents.models import Document, NumberForm, Plan
from thaogo.tasks.selectors import tasks_visible_to
from thaogo.units.models import DocumentStyle


def plans_visible_to(user: Any) -> QuerySet[Plan]:
    if oversees(user):
        return Plan.objects.all()
    return Plan.objects.filter(pk__in=tasks_visible_to(user).values("plan_id"))


def documents_visible_to(user: Any) -> QuerySet[Document]:
    """Overseeing roles see every document; others the public ones and those of their tasks."""
    if role_of(user) is None and not hasattr(user, "cadre"):
        return Document.objects.none()
    if oversees(user):
        return Document.objects.all()
    tasks = tasks_visible_to(user)
    related = (
        Q(is_public=True) | Q(plan__in=plans_visible_to(user)) | Q(assignments__task__in=tasks)
    )
    return Document.objects.filter(pk__in=Document.objects.filter(related).values("pk"))


def visible_document_ids(user: Any, ids: Iterable[int | None]) -> set[int]:
    """Which of these documents (ids read from rows' foreign keys) the user may open: the
    answer documents_visible_to gives, in one query, or in none where that selector is every
    document or no document."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted or (role_of(user) is None and not hasattr(user, "cadre")):
        return set()
    if oversees(user):
        return wanted
    return set(documents_visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))


def task_document_ids_visible(user: Any, task: Any, ids: Iterable[int | None]) -> set[int]:
    """Of the documents a task's page shows (`ids`), those the user may open. `task` is one
    the user may see, with its assignments read: its plan's document and the decisions on
    its assignments are theirs by documents_visible_to's own rules (the plan of a visible
    task, a decision on a visible task's assignment), so only the others are asked about."""
    granted = {task.plan.document_id} | {a.decision_id for a in task.assignments.all()}
    wanted = {pk for pk in ids if pk is not None}
    return (wanted & granted) | visible_document_ids(user, wanted - granted)


# As Document.symbol writes them: "164-KH/QU" (Party), "05/KH-UBND" (State),
# "09/2019/NĐ-CP" (legal normative) and "115/UBND-VP" (a State letter, without a type).
_PARTY_SYMBOL = re.compile(r"\s*0*([0-9]{1,9})-([^/\s]+)/(\S+)\s*")
_YEAR_SYMBOL = re.compile(r"\s*0*([0-9]{1,9})/([0-9]{4})/([^-/\s]+)-(\S+)\s*")
_STATE_SYMBOL = re.compile(r"\s*0*([0-9]{1,9})/([^-/\s]+)(?:-(\S+))?\s*")


def documents_with_symbol(symbol: str) -> QuerySet[Document]:
    """The documents numbered `symbol` as officials write it, newest first: one per series,
    since numbers restart each committee term or calendar year."""
    found = Document.objects.none()
    if match := _PARTY_SYMBOL.fullmatch(symbol):
        number, doc_type, issuer = match.groups()
        found = Document.objects.filter(
            number=int(number),
            doc_type__code__iexact=doc_type,
            issuer__issuer_code__iexact=issuer,
            issuer__document_style=DocumentStyle.PARTY,
        )
    elif match := _YEAR_SYMBOL.fullmatch(symbol):
        number, year, doc_type, issuer = match.groups()
        found = Document.objects.filter(
            number=int(number),
            issued_on__year=int(year),
            doc_type__code__iexact=doc_type,
            doc_type__number_form=NumberForm.WITH_YEAR,
            issuer__issuer_code__iexact=issuer,
            issuer__document_style=DocumentStyle.STATE,
        )
    elif match := _STATE_SYMBOL.fullmatch(symbol):
        number, first, second = match.groups()
        typed = Q(
            doc_type__code__iexact=first,
            issuer__issuer_code__iexact=second or "",
        ) & ~Q(doc_type__number_form=NumberForm.LETTER)
        letter = Q(
            doc_type__number_form=NumberForm.LETTER,
            issuer__issuer_code__iexact=first,
            drafter_code__iexact=second or "",
        )
        found = Document.objects.filter(
            typed | letter, number=int(number), issuer__document_style=DocumentStyle.STATE
        )
    return found.order_by("-issued_on", "-pk")
