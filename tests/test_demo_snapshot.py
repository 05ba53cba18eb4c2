"""The demo the modules read is the demo the loader writes: a snapshot restored holds every
row of every table, with the values read back as they were written (tests/demo_snapshot.py)."""

import pickle
from datetime import date

import pytest

from tests.demo_snapshot import demo_as_of, dump, restore, snapshot_path

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
