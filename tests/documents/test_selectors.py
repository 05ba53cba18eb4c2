"""Which documents a user may open, asked for a handful of ids, is the selector's answer."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.access.test_matrix import ROLES
from thaogo.documents.models import Document
from thaogo.documents.selectors import (
    documents_visible_to,
    task_document_ids_visible,
    visible_document_ids,
)
from thaogo.tasks.selectors import task_detail_queryset

# The roles with an account (the matrix's, but for the anonymous visitor).
USERS = [role for role in ROLES if role != "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_the_ids_a_user_may_open_are_those_the_selector_lists(request, world, role):
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    ids = [*Document.objects.values_list("pk", flat=True), None]
    listed = set(documents_visible_to(user).values_list("pk", flat=True))
    assert visible_document_ids(user, ids) == listed


def test_a_cadre_may_not_open_another_committee_s_plan(world, cadre):
    shown = visible_document_ids(cadre, [world.plan_doc.pk, world.foreign_doc.pk])
    assert shown == {world.plan_doc.pk}


def test_an_overseer_is_answered_without_a_query(world, btv):
    with CaptureQueriesContext(connection) as queries:
        shown = visible_document_ids(btv, [world.foreign_doc.pk, world.plan_doc.pk, None])
    assert shown == {world.foreign_doc.pk, world.plan_doc.pk}
    assert len(queries) == 0


def test_no_id_asks_nothing(world, cadre):
    with CaptureQueriesContext(connection) as queries:
        assert visible_document_ids(cadre, [None]) == set()
    assert len(queries) == 0


@pytest.mark.parametrize("role", USERS)
def test_the_documents_a_task_page_may_link_are_those_the_selector_lists(
    request, world, make, role
):
    """The plan's document and the assignments' decisions are taken as granted for a task
    the user sees; every other document is asked about: the answer must not differ."""
    user = request.getfixturevalue(role)
    # A decision no rule grants: not public, on no assignment and no plan.
    make.document(
        77, doc_type="QĐ", issuer=world.district, issued_on=world.plan_doc.issued_on, abstract="x"
    )
    ids = [*Document.objects.values_list("pk", flat=True), None]
    listed = set(documents_visible_to(user).values_list("pk", flat=True))
    tasks = list(task_detail_queryset(user))
    for task in tasks:
        assert task_document_ids_visible(user, task, ids) == listed, task.code
    if role not in ("editor", "outsider"):  # the portal's editor and an outsider see no task
        assert tasks, "the role sees no task: the test would check nothing"
