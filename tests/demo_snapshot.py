"""The demo, loaded once per run of the suite and copied into each module that reads it.

Loading the demo through the services takes 15–30 s; a dozen modules read it as of the same
day. The first module of the run to ask loads it for real and writes every table's rows and
the uploaded files to a snapshot in the run's shared directory; every later module, on any
worker, replaces its tables' rows with the snapshot's in its own transaction (a second or
two). The loader itself is tested on its own, by tests/demo/test_loaddemo.py, which always
loads it for real.
"""

import pickle
import shutil
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from tests.databases import _digest, locked
from thaogo.demo.loader import load_demo

# PostgreSQL's json and jsonb, by type code.
JSON_TYPES = {114: "json", 3802: "jsonb"}


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def dump() -> dict:
    rows = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")
            columns = [(column[0], column[1]) for column in cursor.description]
            rows[table] = (columns, cursor.fetchall())
    return rows


def restore(rows: dict) -> None:
    quote = connection.ops.quote_name
    postgresql = connection.vendor == "postgresql"
    # Foreign keys are checked when the transaction ends, so the order does not matter.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, (columns, values) in rows.items():
            if not values:
                continue
            names = ", ".join(quote(name) for name, _code in columns)
            # Django reads PostgreSQL's JSON as text: it is parsed again on the way in.
            marks = ", ".join(
                f"%s::{JSON_TYPES[code]}" if postgresql and code in JSON_TYPES else "%s"
                for _name, code in columns
            )
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", values)
        if postgresql:
            _advance_sequences(cursor)


def _advance_sequences(cursor) -> None:
    """PostgreSQL's sequences do not follow rows inserted with their ids: move each past its
    table's rows, never back. A sequence is outside the transaction: one set back by a restore
    that is then rolled back (every test's) would hand out the ids of rows committed before it
    (by a module's committed demo, or the bookkeeping rows its clean-up writes)."""
    quote = connection.ops.quote_name
    tables = set(_tables())
    for model in apps.get_models(include_auto_created=True):
        table, column = model._meta.db_table, model._meta.pk.column
        if table not in tables:
            continue
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [quote(table), column])
        sequence = cursor.fetchone()[0]
        if sequence is None:
            continue
        cursor.execute(
            f"SELECT setval(%s, GREATEST((SELECT last_value FROM {sequence}),"
            f" (SELECT COALESCE(MAX({quote(column)}), 1) FROM {quote(table)})))",
            [sequence],
        )


def snapshot_path(day: date, tmp_path_factory) -> Path:
    # The run's own directory: shared by its xdist workers, never by another run.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if base.name.startswith("popen-") else base
    return shared / f"demo-{connection.vendor}-{day.isoformat()}-{_digest()}.pickle"


def demo_as_of(day: date, tmp_path_factory) -> None:
    """The demo as of `day` in the default database and in settings.MEDIA_ROOT: restored from
    the run's snapshot, or loaded (and the snapshot written) by the first to ask."""
    snapshot = snapshot_path(day, tmp_path_factory)
    media = Path(settings.MEDIA_ROOT)
    with locked(snapshot.parent, snapshot.with_suffix(".lock").name):
        if not snapshot.exists():
            load_demo(as_of=day)
            files = snapshot.with_suffix(".media")
            shutil.rmtree(files, ignore_errors=True)
            if media.exists():
                shutil.copytree(media, files)
            building = snapshot.with_suffix(".building")
            building.write_bytes(pickle.dumps(dump()))
            building.rename(snapshot)
            return
    restore(pickle.loads(snapshot.read_bytes()))
    files = snapshot.with_suffix(".media")
    if files.exists():
        shutil.copytree(files, media, dirs_exist_ok=True)
