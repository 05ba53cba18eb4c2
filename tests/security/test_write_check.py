"""The hostile-input walk fingerprints every table only after a request that sent a writing
statement; these tests keep that pre-check honest."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction

from tests.security.site_walk import write_statements


@pytest.mark.django_db
def test_reads_send_no_writing_statement():
    with write_statements() as sent:
        Group.objects.filter(name="Ban Tổ chức").exists()
        list(Group.objects.all())
    assert sent == []


@pytest.mark.django_db
def test_orm_and_raw_writes_are_seen():
    with write_statements() as sent:
        group = Group.objects.create(name="Ban Tổ chức")
        Group.objects.filter(pk=group.pk).update(name="Văn phòng")
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM auth_group WHERE id = {group.pk}")
    assert [sql.split()[0].upper() for sql in sent] == ["INSERT", "UPDATE", "DELETE"]


@pytest.mark.django_db
def test_a_write_undone_by_a_savepoint_is_still_sent_so_the_fingerprint_decides():
    with write_statements() as sent, transaction.atomic():
        Group.objects.create(name="Ban Tổ chức")
        transaction.set_rollback(True)
    assert len(sent) == 1
    assert not Group.objects.exists()


@pytest.mark.django_db
def test_session_writes_are_left_out_as_the_fingerprint_leaves_them():
    with write_statements() as sent:
        store = SessionStore()
        store["seen"] = True
        store.save()
    assert sent == []
