"""Backups: one .tar.gz with a consistent snapshot of the database and every uploaded file.

An archive holds, in this order:

    database.sqlite3 | database.pgdump   the database: on SQLite a copy made with SQLite's
                                         online backup API, on PostgreSQL `pg_dump -Fc`
    media/...                            everything under MEDIA_ROOT: document files, report
                                         attachments, portal pictures
    manifest.json                        format version, database vendor, applied migrations,
                                         creation time, and the size and SHA-256 of every
                                         other member

The database is copied first and the files second, so every file the snapshot refers to had
already been written (Django stores an upload before the row that names it is committed).
Both copies read a consistent state while the site keeps running: SQLite's backup API and
pg_dump each read one snapshot and block no writer.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1
ARCHIVE_PREFIX = "thaogo-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
_DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


class _LoadFailed(BackupError):
    """The database program refused the archived database; the live one is as it was."""


@dataclass(frozen=True)
class RestoreResult:
    archive: Path
    created_at: str
    vendor: str
    files: int
    # Migrations this code has that the archive's database had not applied: run `migrate`.
    pending_migrations: list[str]


# Creating


def backup_create(*, destination: Path) -> Path:
    """Write a new archive into the directory `destination` and return its path."""
    vendor = _vendor()
    destination = Path(destination).resolve()
    if destination.is_relative_to(_media_root().resolve()):
        raise BackupError("Write backups outside MEDIA_ROOT: they would back up themselves.")
    destination.mkdir(parents=True, exist_ok=True)
    created_at = timezone.now()
    archive = _free_name(destination, timezone.localtime(created_at))
    partial = archive.with_name(archive.name + ".part")
    members: list[dict[str, Any]] = []
    try:
        # The work directory sits beside the archive: a large dump must not fill /tmp.
        with tempfile.TemporaryDirectory(dir=destination, prefix=".backup-") as work:
            migrations = _applied_migrations()
            dump = Path(work) / _DATABASE_MEMBER[vendor]
            _dump_database(vendor, dump)
            # Owner only: the archive holds password hashes and private documents.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as raw:
                with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                    members.append(_add_file(tar, dump, dump.name))
                    for path, name in _media_files():
                        members.append(_add_file(tar, path, name))
                    manifest = {
                        "format": FORMAT_VERSION,
                        "vendor": vendor,
                        "created_at": created_at.isoformat(),
                        "thaogo_version": _version("thaogo"),
                        "django_version": _version("django"),
                        "migrations": migrations,
                        "files": members,
                    }
                    _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
                raw.flush()
                os.fsync(raw.fileno())
        partial.rename(archive)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return archive


def backup_prune(*, directory: Path, keep_days: int, now: datetime | None = None) -> list[Path]:
    """Delete the archives in `directory` older than `keep_days` days; return what went.

    Only files named like this module names its archives are touched.
    """
    limit = (now or timezone.now()).timestamp() - timedelta(days=keep_days).total_seconds()
    removed = []
    for path in sorted(Path(directory).glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}")):
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink()
            removed.append(path)
    return removed


def _free_name(directory: Path, when: datetime) -> Path:
    stem = f"{ARCHIVE_PREFIX}{when:%Y%m%d-%H%M%S}"
    candidate, serial = directory / f"{stem}{ARCHIVE_SUFFIX}", 1
    while candidate.exists() or candidate.with_name(candidate.name + ".part").exists():
        serial += 1
        candidate = directory / f"{stem}-{serial}{ARCHIVE_SUFFIX}"
    return candidate


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def _vendor() -> str:
    if settings.STORAGES["default"]["BACKEND"] != "django.core.files.storage.FileSystemStorage":
        # An archive without the files would restore rows naming files it does not have.
        raise BackupError(
            "Uploaded files are in object storage (THAOGO_FILE_STORAGE=s3), which thaogo "
            "backup cannot copy. Back up the database with pg_dump and the bucket with its "
            "own versioning or replication (see the README, 'Several app servers')."
        )
    if connection.vendor not in _DATABASE_MEMBER:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        if connection.in_atomic_block:
            raise BackupError("Cannot back up from inside a transaction.")
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            # One step (pages=-1): the copy is one consistent read of the live database.
            connection.connection.backup(copy)
            # A self-contained file: no -wal or -shm beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
    else:
        _run_pg("pg_dump", "--format=custom", "--no-owner", f"--file={target}")


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> Iterator[tuple[Path, str]]:
    """(path, name in the archive) of every regular file under MEDIA_ROOT, in a stable order."""
    root = _media_root()
    if not root.is_dir():
        return
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                relative = path.relative_to(root).as_posix()
                yield path, f"{MEDIA_DIR}/{relative}"


class _HashingReader:
    """Hands a file to tarfile and hashes exactly the bytes that went into the archive."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with open(path, "rb") as file:
        info = tar.gettarinfo(arcname=name, fileobj=file)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(file)
        tar.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.sha256.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


# Restoring


def installation_is_empty() -> bool:
    """No user account and no uploaded file: a fresh install (migrated or not)."""
    from django.contrib.auth import get_user_model

    users = get_user_model()
    if users._meta.db_table in connection.introspection.table_names() and users.objects.exists():
        return False
    root = _media_root()
    return not (root.is_dir() and any(path.is_file() for path in root.rglob("*")))


def backup_restore(*, archive: Path, force: bool = False) -> RestoreResult:
    """Bring an installation back to the state saved in `archive`.

    The archive is checked whole (its members, format, database vendor, migrations, every
    checksum, and the database itself: a readable file that passes SQLite's integrity check
    or pg_restore's reading of it, with every table its migrations made) before anything is
    changed. The installation must be empty unless `force`, which replaces its
    database and its uploaded files.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No such archive: {archive}")
    vendor = _vendor()
    if not force and not installation_is_empty():
        raise BackupError(
            "This installation already has users or uploaded files. Restore into an empty "
            "installation, or pass --force to replace everything in it."
        )
    media_root = _media_root()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        unpacked = Path(work)
        manifest = _unpack_and_verify(archive, unpacked, vendor=vendor)
        pending = _check_migrations(manifest["migrations"])
        dump = unpacked / _DATABASE_MEMBER[vendor]
        # The checksums prove the archive is as it was written, not that what was written is
        # a whole database of this schema: check that before the live one is touched.
        if problems := _database_problems(vendor, dump, manifest["migrations"]):
            raise _damaged(archive, problems)
        try:
            _load_database(vendor, dump)
        except _LoadFailed as error:
            raise _damaged(archive, [str(error)]) from None
        files = _replace_media(unpacked / MEDIA_DIR, media_root)
    return RestoreResult(
        archive=archive,
        created_at=manifest["created_at"],
        vendor=vendor,
        files=files,
        pending_migrations=pending,
    )


def _damaged(archive: Path, problems: list[str]) -> BackupError:
    return BackupError(f"{archive} is damaged; nothing was restored. " + "; ".join(problems))


def _member_problems(members: list[tarfile.TarInfo]) -> list[str]:
    """What in the archive's list of members a backup never holds: anything but regular
    files and folders, names outside the archive, and names outside its three parts."""
    problems = []
    for member in members:
        name = member.name
        parts = PurePosixPath(name).parts
        if name.startswith("/") or "\\" in name or ".." in parts or not parts:
            problems.append(f"path outside the archive: {name!r}")
        elif not (member.isfile() or member.isdir()):
            problems.append(f"not a regular file: {name}")
        elif not (
            name == MANIFEST
            or (member.isfile() and name in _DATABASE_MEMBER.values())
            or parts[0] == MEDIA_DIR
        ):
            problems.append(f"not part of a backup: {name}")
    return problems


def _manifest_problems(manifest: Any) -> list[str]:
    if not isinstance(manifest, dict):
        return ["the manifest is not a JSON object"]
    problems = []
    files = manifest.get("files")
    if not isinstance(files, list) or not all(
        isinstance(entry, dict)
        and isinstance(entry.get("path"), str)
        and isinstance(entry.get("sha256"), str)
        for entry in files
    ):
        problems.append("the manifest's list of files is malformed")
    migrations = manifest.get("migrations")
    if not isinstance(migrations, dict) or not all(
        isinstance(app, str) and isinstance(names, list) and all(isinstance(n, str) for n in names)
        for app, names in migrations.items()
    ):
        problems.append("the manifest's list of migrations is malformed")
    if not isinstance(manifest.get("created_at"), str):
        problems.append("the manifest has no creation time")
    return problems


def _unpack_and_verify(archive: Path, target: Path, *, vendor: str) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            if problems := _member_problems(tar.getmembers()):
                raise _damaged(archive, problems)
            # The "data" filter refuses absolute paths, "..", links out of the tree and
            # device files as well: an archive cannot write outside `target`.
            tar.extractall(target, filter="data")
        manifest = json.loads((target / MANIFEST).read_text())
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        raise BackupError(f"{archive} is not a readable Thaogo backup: {error}") from None
    if not isinstance(manifest, dict):
        raise _damaged(archive, _manifest_problems(manifest))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"{archive} has backup format {manifest.get('format')!r}; this version of Thaogo "
            f"reads format {FORMAT_VERSION}."
        )
    saved_vendor = manifest.get("vendor")
    if saved_vendor not in _DATABASE_MEMBER:
        raise BackupError(f"{archive} names an unknown database: {saved_vendor!r}.")
    if saved_vendor != vendor:
        raise BackupError(
            f"{archive} holds a {_VENDOR_NAMES[saved_vendor]} database, but this installation "
            f"uses {_VENDOR_NAMES[vendor]}. Restore it into an installation whose DATABASE_URL "
            f"points to {_VENDOR_NAMES[saved_vendor]}."
        )
    if problems := _manifest_problems(manifest):
        raise _damaged(archive, problems)
    listed = {entry["path"]: entry for entry in manifest["files"]}
    present = {
        path.relative_to(target).as_posix()
        for path in target.rglob("*")
        if path.is_file() and path != target / MANIFEST
    }
    problems = [f"missing: {name}" for name in sorted(listed.keys() - present)]
    problems += [f"not in the manifest: {name}" for name in sorted(present - listed.keys())]
    for name in sorted(listed.keys() & present):
        if _sha256(target / name) != listed[name]["sha256"]:
            problems.append(f"checksum differs: {name}")
    if _DATABASE_MEMBER[vendor] not in listed:
        problems.append(f"missing: {_DATABASE_MEMBER[vendor]}")
    if problems:
        raise _damaged(archive, problems)
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_migrations(archived: dict[str, list[str]]) -> list[str]:
    """Refuse an archive from a newer Thaogo; return the migrations this code adds."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    saved = {(app, name) for app, names in archived.items() for name in names}
    unknown = sorted(saved - known)
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown)
        raise BackupError(
            "The archive was made by a newer version of Thaogo: this version does not know "
            f"its migrations {listed}. Install that version, then restore."
        )
    return [f"{app}.{name}" for app, name in sorted(known - saved)]


_SQLITE_HEADER = b"SQLite format 3\x00"
_PGDUMP_HEADER = b"PGDMP"
# "1234; 1259 16386 TABLE public auth_user thaogo" in `pg_restore --list`.
_PG_LIST_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", re.MULTILINE)
_REPORTED_PROBLEMS = 5


def _expected_tables(migrations: dict[str, list[str]]) -> set[str]:
    """The tables a database has once these migrations are applied."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    # A migration a squashed one replaced is not in the graph; its squashed one is.
    applied = [
        (app, name)
        for app, names in migrations.items()
        for name in names
        if (app, name) in loader.graph.nodes
    ]
    state = loader.project_state(nodes=applied, at_end=True)
    return {MigrationRecorder.Migration._meta.db_table} | {
        model._meta.db_table
        for model in state.apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _database_problems(vendor: str, dump: Path, migrations: dict[str, list[str]]) -> list[str]:
    """Why the archived database cannot replace the live one, if it cannot."""
    with open(dump, "rb") as file:
        header = file.read(len(_SQLITE_HEADER))
    if vendor == "sqlite":
        if header != _SQLITE_HEADER:
            return [f"{dump.name} is not a SQLite database"]
        return _sqlite_problems(dump, migrations)
    if not header.startswith(_PGDUMP_HEADER):
        return [f"{dump.name} is not a PostgreSQL dump (pg_dump --format=custom)"]
    try:
        listing = _run_pg("pg_restore", "--list", str(dump))
    except BackupError as error:
        return [f"{dump.name} cannot be read: {error}"]
    missing = _expected_tables(migrations) - set(_PG_LIST_TABLE.findall(listing))
    return [f"{dump.name} lacks the tables {', '.join(sorted(missing))}"] if missing else []


def _sqlite_problems(dump: Path, migrations: dict[str, list[str]]) -> list[str]:
    try:
        with closing(sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)) as saved:
            report = [row[0] for row in saved.execute("PRAGMA integrity_check")]
            if report != ["ok"]:
                return [f"{dump.name} is corrupt: " + "; ".join(report[:_REPORTED_PROBLEMS])]
            tables = {
                row[0] for row in saved.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            missing = _expected_tables(migrations) - tables
            if missing:
                return [f"{dump.name} lacks the tables {', '.join(sorted(missing))}"]
            applied = set(saved.execute("SELECT app, name FROM django_migrations"))
            orphans = saved.execute("PRAGMA foreign_key_check").fetchmany(_REPORTED_PROBLEMS)
    except sqlite3.Error as error:
        return [f"{dump.name} cannot be read: {error}"]
    listed = {(app, name) for app, names in migrations.items() for name in names}
    if applied != listed:
        return [f"{dump.name} has other migrations applied than the manifest lists"]
    if orphans:
        where = ", ".join(f"{table} row {rowid}" for table, rowid, *_ in orphans)
        return [f"{dump.name} has rows that refer to missing rows: {where}"]
    return []


def _load_database(vendor: str, dump: Path) -> None:
    if vendor == "sqlite":
        if connection.in_atomic_block:
            raise BackupError("Cannot restore from inside a transaction.")
        connection.ensure_connection()
        try:
            with closing(sqlite3.connect(dump)) as saved:
                # Replaces the whole live database, schema and rows, page by page, in one
                # transaction: a failure leaves the live database as it was.
                saved.backup(connection.connection)
        except sqlite3.Error as error:
            raise _LoadFailed(f"{dump.name}: {error}") from None
    else:
        # The restore replaces every table; no connection of ours may hold on to the old ones.
        connection.close()
        try:
            # One transaction that stops at the first error: a dump that fails half-way
            # leaves the live database as it was.
            _run_pg(
                "pg_restore",
                "--no-owner",
                "--no-acl",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            )
        except BackupError as error:
            raise _LoadFailed(str(error)) from None
        finally:
            connection.close()
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _replace_media(saved: Path, media_root: Path) -> int:
    if media_root.exists():
        for child in media_root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    media_root.mkdir(parents=True, exist_ok=True)
    count = 0
    if saved.is_dir():
        for path in sorted(saved.rglob("*")):
            if path.is_file():
                target = media_root / path.relative_to(saved)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
                count += 1
    return count


# PostgreSQL client programs


def _run_pg(program: str, *arguments: str) -> str:
    """Run pg_dump or pg_restore against the configured database; return what it printed."""
    params = connection.settings_dict
    env = os.environ.copy()
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    if params.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = params["OPTIONS"]["sslmode"]
    try:
        result = subprocess.run(
            [program, *arguments], env=env, check=True, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise BackupError(
            f"{program} was not found. Install the PostgreSQL client programs of the server's "
            "version (Debian: postgresql-client)."
        ) from None
    except subprocess.CalledProcessError as error:
        raise BackupError(
            f"{program} failed (exit {error.returncode}): {error.stderr.strip()}"
        ) from None
    return result.stdout
