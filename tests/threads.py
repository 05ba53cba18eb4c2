"""Running a service from many threads at once, each with its own database connection.

On PostgreSQL the threads share the test database as production processes do. On SQLite
the test database lives in memory, shared between connections with table locks that fail
at once ("database table is locked") instead of waiting, as no production database does. So
there the threads run on a copy of it in a file, with the project's own SQLite options
(IMMEDIATE transactions, a busy timeout), and the file is copied back when they are done:
the test then reads the result as usual.
"""

import sqlite3
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, connections


def run_in_threads(
    work: Callable[[int], object], count: int, *, tmp_path: Path
) -> list[BaseException]:
    """Run work(0) … work(count - 1) in `count` threads released together; return what they
    raised. Needs a test that commits (`django_db(transaction=True)`)."""
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def body(index: int) -> None:
        try:
            start.wait(timeout=60)
            work(index)
        except BaseException as error:  # reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    with _shared_database(tmp_path):
        threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    return errors


@contextmanager
def _shared_database(tmp_path: Path):
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "threads.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    settings = connections.settings["default"]
    in_memory = settings["NAME"]
    settings["NAME"] = str(path)  # new connections (the threads') open the file
    try:
        yield
    finally:
        settings["NAME"] = in_memory
        with sqlite3.connect(path) as copy:
            copy.backup(connection.connection)
