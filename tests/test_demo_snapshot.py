"""The demo the modules read is the demo the loader writes: a snapshot restored holds every
row of every table, with the values read back as they were written (tests/demo_snapshot.py)."""

import pickle
from datetime import date

import pytest
from django.db import connection, transaction

from tests.demo_snapshot import demo_as_of, dump, restore, snapshot_path
from thaogo.core.models import DataChange

DEMO_DAY = date(2024, 10, 15)


def rows_of(tables: dict) -> dict:
    return {table: sorted(map(repr, rows)) for table, (_columns, rows) in tables.items()}


@pytest.mark.django_db
def test_a_restored_demo_is_the_loaded_demo_row_for_row(settings, tmp_path, tmp_path_factory):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_as_of(DEMO_DAY, tmp_path_factory)  # loaded by the first to ask in the run
    snapshot = pickle.loads(snapshot_path(DEMO_DAY, tmp_path_factory).read_bytes())
    assert sum(len(rows) for _columns, rows in snapshot.values()) > 1000
    restore(snapshot)
    assert rows_of(dump()) == rows_of(snapshot)
    assert (tmp_path / "media").exists()


class RolledBack(Exception):
    pass


@pytest.mark.django_db
def test_a_restore_that_is_rolled_back_leaves_no_id_to_be_handed_out_twice(
    settings, tmp_path, tmp_path_factory
):
    """Every module's restore is rolled back with its test; rows committed before it (a
    committed demo's clean-up) must keep their ids to themselves afterwards."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_as_of(DEMO_DAY, tmp_path_factory)
    snapshot = pickle.loads(snapshot_path(DEMO_DAY, tmp_path_factory).read_bytes())
    columns, rows = snapshot[DataChange._meta.db_table]
    position = [name for name, _code in columns].index("id")
    highest = max(row[position] for row in rows)
    # A row above the snapshot's, taken the way the application takes ids. The sequence is
    # only ever moved forward here: it is outside the test's transaction, and one set back
    # would hand this worker's next tests ids already taken.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(seq, GREATEST((SELECT last_value FROM pg_sequences"
                " WHERE schemaname || '.' || sequencename = seq), %s))"
                " FROM (SELECT pg_get_serial_sequence(%s, 'id') AS seq) AS named",
                [highest, DataChange._meta.db_table],
            )
        taken = DataChange.objects.create(token=1)
    else:
        taken = DataChange.objects.create(pk=highest + 1, token=1)
    assert taken.pk > highest

    with pytest.raises(RolledBack), transaction.atomic():
        restore(snapshot)
        raise RolledBack

    assert DataChange.objects.filter(pk=taken.pk).exists()
    assert DataChange.objects.create(token=2).pk > taken.pk
