"""Each test worker's database is a copy of one migrated template, not migrated again.

Running every migration takes about 40 s of CPU; under pytest-xdist each worker did it,
on each database. The first worker to get the lock migrates a template (a PostgreSQL
database, or an SQLite file shared by the run's workers); every worker then copies it
(`CREATE DATABASE … TEMPLATE`, or SQLite's backup into its in-memory database) and Django
finds it migrated (`keepdb`). The PostgreSQL template is named after a digest of the code
and migrations, so a changed migration or model makes a new one; older ones are dropped.
"""

import fcntl
import hashlib
import shutil
import sqlite3
from contextlib import contextmanager, suppress
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connections

ROOT = Path(__file__).resolve().parent.parent / "thaogo"


def _digest() -> str:
    hashed = hashlib.sha256(django.get_version().encode())
    for path in sorted(ROOT.rglob("*.py")):
        hashed.update(str(path.relative_to(ROOT)).encode())
        hashed.update(path.read_bytes())
    return hashed.hexdigest()[:12]


@contextmanager
def locked(directory: Path, name: str = "template.lock"):
    """One process of the run at a time, whatever the worker."""
    with open(directory / name, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def _pointed_at(connection, name: str):
    """The connection (and settings) on another database for the block."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES[connection.alias]["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        settings.DATABASES[connection.alias]["NAME"] = original


def _migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)


def sqlite_template(shared: Path) -> Path:
    return shared / "template.sqlite3"


def migrated_sqlite_file(path: Path, tmp_path_factory) -> None:
    """A SQLite file at `path` that `migrate` finds up to date, for a test that runs Thaogo in
    another process: a copy of the run's template where a worker made one (40 s of CPU each
    time otherwise). Without one, the process migrates the file itself."""
    template = sqlite_template(tmp_path_factory.getbasetemp().parent)
    if template.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, path)


def _sqlite_copy(connection, shared: Path) -> None:
    template = sqlite_template(shared)
    with locked(shared):
        if not template.exists():
            building = shared / "template-building.sqlite3"
            building.unlink(missing_ok=True)  # left by a run that was stopped
            with _pointed_at(connection, str(building)):
                _migrate()
            building.rename(template)
    # Django's in-memory test database lives as long as its connection, which creating the
    # test database does not close: fill it now, and `keepdb` finds it migrated.
    test_name = connection.creation._get_test_db_name()
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    source = sqlite3.connect(template)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _postgresql_copy(connection, shared: Path) -> None:
    quote = connection.ops.quote_name
    base = connection.settings_dict["NAME"]
    template = f"test_{base}_tpl_{_digest()}"
    worker = connection.creation._get_test_db_name()
    with locked(shared), connection.creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"test_{base}_tpl_%"]
        )
        existing = {row[0] for row in cursor.fetchall()}
        for stale in existing - {template}:
            # Another run may still be using it: then it is dropped next time.
            with suppress(DatabaseError):
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(stale)}")
        if template not in existing:
            building = f"{template}_building"
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(building)}")
            cursor.execute(f"CREATE DATABASE {quote(building)}")
            with _pointed_at(connection, building):
                _migrate()
            cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(worker)}")
        cursor.execute(f"CREATE DATABASE {quote(worker)} TEMPLATE {quote(template)}")


def copy_migrated_template(shared: Path) -> bool:
    """Give the default database its migrated copy; False where this does not apply (then
    Django creates and migrates it as usual)."""
    connection = connections["default"]
    test_name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite" and connection.creation.is_in_memory_db(test_name):
        _sqlite_copy(connection, shared)
        return True
    if connection.vendor == "postgresql":
        _postgresql_copy(connection, shared)
        return True
    return False
