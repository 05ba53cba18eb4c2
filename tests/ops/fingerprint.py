"""What a backup must keep: every table's row count and a checksum of its rows, and every
uploaded file's SHA-256.

`python -m tests.ops.fingerprint` prints the fingerprint of the configured installation as
JSON, for tests that drive `thaogo` in another process.
"""

import datetime
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection


def _plain(value: Any) -> Any:
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# (vendor, database, table) -> number of columns. The hostile-input suite fingerprints every
# table after each refused write; asking each table's columns every time doubled its queries.
_COLUMNS: dict[tuple[str, str, str], int] = {}


def tables_fingerprint() -> dict[str, list]:
    """{table: [row count, sha256 of its rows ordered by every column, pk first]}.

    SQLite's AUTOINCREMENT counters and PostgreSQL's sequences count too: after a restore,
    new rows must get new ids.
    """
    result: dict[str, list] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        queries = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            key = (connection.vendor, connection.settings_dict["NAME"], table)
            if key not in _COLUMNS:  # a table's columns are asked once, not at every call
                cursor.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")
                _COLUMNS[key] = len(cursor.description)
            order = ", ".join(str(position) for position in range(1, _COLUMNS[key] + 1))
            queries[table] = f"SELECT * FROM {quote(table)} ORDER BY {order}"
        if connection.vendor == "sqlite":
            queries["sqlite_sequence"] = "SELECT name, seq FROM sqlite_sequence ORDER BY name"
        else:
            queries["sequences"] = (
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema() ORDER BY sequencename"
            )
        for name, query in queries.items():
            cursor.execute(query)
            rows = [[_plain(value) for value in row] for row in cursor.fetchall()]
            digest = hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()
            result[name] = [len(rows), digest]
    return result


def files_fingerprint() -> dict[str, str]:
    """{path under MEDIA_ROOT: sha256} of every uploaded file."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def fingerprint() -> dict[str, Any]:
    return {"tables": tables_fingerprint(), "files": files_fingerprint()}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(fingerprint()))
