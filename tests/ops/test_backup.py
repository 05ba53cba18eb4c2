"""`thaogo backup` and `thaogo restore`: a round trip loses nothing, on SQLite and PostgreSQL.

Backups read committed data from outside the test's transaction (pg_dump is another
process), so these tests commit for real: `transaction=True`. `serialized_rollback` puts
the rows the migrations seed (categories, document types) back for the tests after them.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from tests.databases import migrated_sqlite_file
from tests.ops.fingerprint import files_fingerprint, fingerprint
from thaogo.ops.backups import (
    BackupError,
    _run_pg,
    backup_create,
    backup_prune,
    backup_restore,
    installation_is_empty,
)
from thaogo.units.models import Unit

REPO = Path(__file__).resolve().parents[2]
COMMITS = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def wipe() -> None:
    """An empty installation: every table emptied, every uploaded file gone."""
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
    shutil.rmtree(default_storage.location, ignore_errors=True)


def rewrite_archive(source: Path, target: Path, change: Callable[[str, bytes], tuple]) -> Path:
    """Copy an archive member by member through change(name, data) -> (name, data)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            name, data = change(member.name, old.extractfile(member).read())
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


@pytest.fixture
def uploads(world, settings):
    """Files of every kind Thaogo keeps: a document's file (in `world`), a portal picture
    where the portal stores them, and a name with Vietnamese letters in a deeper folder."""
    default_storage.save(
        "portal/images/anh-kiem-tra.jpg", ContentFile(b"\xff\xd8\xff" + b"x" * 5000)
    )
    default_storage.save("reports/2024/báo-cáo quý III.pdf", ContentFile(b"%PDF-1.4 bao cao"))
    return world


@COMMITS
def test_round_trip_restores_every_table_and_file_exactly(uploads, make, tmp_path):
    before = fingerprint()
    assert before["tables"]["units_unit"][0] == 10
    assert len(before["files"]) == 3

    archive = backup_create(destination=tmp_path / "backups")
    wipe()
    assert installation_is_empty()
    assert fingerprint() != before

    result = backup_restore(archive=archive)

    assert fingerprint() == before
    assert result.files == 3
    assert result.pending_migrations == []
    # The id counters came back too: a new row gets a new id.
    unit = make.unit("Phường Dư Hàng", parent=Unit.objects.get(name="Quận ủy Lê Chân"))
    assert unit.pk > max(Unit.objects.exclude(pk=unit.pk).values_list("pk", flat=True))


@COMMITS
def test_archive_is_one_file_with_a_manifest_of_every_member(uploads, tmp_path, settings):
    archive = backup_create(destination=tmp_path / "backups")

    assert archive.parent == tmp_path / "backups"
    assert archive.name.startswith("thaogo-backup-") and archive.name.endswith(".tar.gz")
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]  # no leftovers
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds password hashes
    manifest = read_manifest(archive)
    assert manifest["format"] == 1
    assert manifest["vendor"] == connection.vendor
    assert "0001_initial" in manifest["migrations"]["tasks"]
    assert manifest["created_at"]
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    assert database in listed
    del listed[database]
    assert listed == {f"media/{name}": sha for name, sha in files_fingerprint().items()}


@COMMITS
def test_restore_refuses_an_installation_that_is_not_empty_unless_forced(uploads, tmp_path):
    archive = backup_create(destination=tmp_path / "backups")
    before = fingerprint()
    User.objects.create_user("added-after-the-backup")
    default_storage.save("portal/images/added-later.jpg", ContentFile(b"later"))

    with pytest.raises(BackupError, match="already has users or uploaded files"):
        backup_restore(archive=archive)
    assert User.objects.filter(username="added-after-the-backup").exists()

    backup_restore(archive=archive, force=True)
    assert fingerprint() == before


@COMMITS
def test_restore_refuses_a_damaged_archive_and_changes_nothing(uploads, tmp_path):
    archive = backup_create(destination=tmp_path / "backups")
    damaged = rewrite_archive(
        archive,
        tmp_path / "damaged.tar.gz",
        lambda name, data: (name, b"%PDF-1.4 forged" if name.endswith(".pdf") else data),
    )
    wipe()
    empty = fingerprint()

    with pytest.raises(BackupError, match=r"damaged; nothing was restored.*checksum differs"):
        backup_restore(archive=damaged)
    assert fingerprint() == empty

    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_bytes(b"not a backup")
    with pytest.raises(BackupError, match="not a readable Thaogo backup"):
        backup_restore(archive=not_an_archive)


def replace_database(source: Path, target: Path, damage: Callable[[bytes], bytes]) -> Path:
    """The archive with its database changed by damage(data), and the manifest's size and
    checksum made to match: the archive is whole, its database is not."""
    digests = {}

    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name in ("database.sqlite3", "database.pgdump"):
            data = damage(data)
            digests[name] = (len(data), hashlib.sha256(data).hexdigest())
        elif name == "manifest.json":
            manifest = json.loads(data)
            for entry in manifest["files"]:
                if entry["path"] in digests:
                    entry["size"], entry["sha256"] = digests[entry["path"]]
            data = json.dumps(manifest).encode()
        return name, data

    return rewrite_archive(source, target, change)


def not_a_database(data: bytes) -> bytes:
    return b"This is not a database. " * 200


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def corrupt_pages(data: bytes) -> bytes:
    """Garbage over a few pages (SQLite) or data blocks (pg_dump) in the middle."""
    if data.startswith(b"SQLite format 3\x00"):
        page = int.from_bytes(data[16:18], "big") or 65536
        start = (len(data) // page // 2) * page
    else:
        page, start = 4096, len(data) // 2
    return data[:start] + b"\xa5" * page * 3 + data[start + page * 3 :]


def without_the_task_table(data: bytes) -> bytes:
    if connection.vendor == "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / "dump"
            _run_pg("pg_dump", "--format=custom", "--exclude-table=tasks_task", f"--file={dump}")
            return dump.read_bytes()
    return edited_sqlite(data, "DROP TABLE tasks_task")


def without_the_units_rows(data: bytes) -> bytes:
    """Tasks, cadres and plans that name units no longer there."""
    if connection.vendor == "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / "dump"
            _run_pg(
                "pg_dump", "--format=custom", "--exclude-table-data=units_unit", f"--file={dump}"
            )
            return dump.read_bytes()
    return edited_sqlite(data, "DELETE FROM units_unit")


def edited_sqlite(data: bytes, statement: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "copy.sqlite3"
        path.write_bytes(data)
        with closing(sqlite3.connect(path)) as copy:
            copy.execute("PRAGMA foreign_keys = OFF")
            copy.execute(statement)
            copy.commit()
            copy.execute("VACUUM")
        return path.read_bytes()


@COMMITS
@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (not_a_database, "is not a (SQLite database|PostgreSQL dump)"),
        (truncated, "database"),
        (corrupt_pages, "database"),
        (without_the_task_table, "tasks_task"),
        (without_the_units_rows, "refer to missing rows|foreign key"),
    ],
)
def test_a_whole_archive_with_a_bad_database_is_refused_and_changes_nothing(
    uploads, tmp_path, damage, reason
):
    archive = backup_create(destination=tmp_path / "backups")
    bad = replace_database(archive, tmp_path / "bad.tar.gz", damage)
    before = fingerprint()

    with pytest.raises(BackupError, match="damaged; nothing was restored") as refused:
        backup_restore(archive=bad, force=True)

    assert re.search(reason, str(refused.value)), str(refused.value)
    assert "checksum" not in str(refused.value)
    assert fingerprint() == before
    # The same installation still restores from the good archive.
    backup_restore(archive=archive, force=True)
    assert fingerprint() == before


def add_members(source: Path, target: Path, *extra: tarfile.TarInfo) -> Path:
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            new.addfile(member, old.extractfile(member))
        for member in extra:
            new.addfile(member, io.BytesIO(b"x" * member.size) if member.isfile() else None)
    return target


def member(name: str, **attributes) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = 1
    for key, value in attributes.items():
        setattr(info, key, value)
    return info


@COMMITS
@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (member("media/../../escaped.txt"), "path outside the archive"),
        (member("/tmp/thaogo-absolute.txt"), "path outside the archive"),
        (member("media\\..\\..\\escaped.txt"), "path outside the archive"),
        (
            member("media/link.pdf", type=tarfile.SYMTYPE, linkname="../database.sqlite3", size=0),
            "not a regular file",
        ),
        (member("media/fifo", type=tarfile.FIFOTYPE, size=0), "not a regular file"),
        (member("run.sh"), "not part of a backup"),
    ],
    ids=["dot-dot", "absolute", "backslashes", "symlink", "fifo", "extra"],
)
def test_an_archive_with_a_member_a_backup_never_holds_is_refused(uploads, tmp_path, extra, reason):
    archive = backup_create(destination=tmp_path / "backups")
    bad = add_members(archive, tmp_path / "bad.tar.gz", extra)
    before = fingerprint()

    with pytest.raises(BackupError, match=f"damaged; nothing was restored.*{reason}"):
        backup_restore(archive=bad, force=True)

    assert fingerprint() == before
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not Path("/tmp/thaogo-absolute.txt").exists()


@COMMITS
@pytest.mark.parametrize(
    "breakage",
    [
        lambda manifest: manifest["files"][0].pop("sha256"),
        lambda manifest: manifest.update(files="everything"),
        lambda manifest: manifest.update(migrations=["tasks.0001_initial"]),
        lambda manifest: manifest.pop("created_at"),
    ],
    ids=["no-checksum", "files-not-a-list", "migrations-not-a-mapping", "no-date"],
)
def test_a_malformed_manifest_is_refused_with_the_damaged_archive_message(
    uploads, tmp_path, breakage
):
    archive = backup_create(destination=tmp_path / "backups")

    def break_manifest(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "manifest.json":
            manifest = json.loads(data)
            breakage(manifest)
            data = json.dumps(manifest).encode()
        return name, data

    bad = rewrite_archive(archive, tmp_path / "bad.tar.gz", break_manifest)
    before = fingerprint()

    with pytest.raises(BackupError, match=r"damaged; nothing was restored.*manifest"):
        backup_restore(archive=bad, force=True)
    assert fingerprint() == before


@COMMITS
def test_restore_refuses_an_archive_from_the_other_database(world, tmp_path):
    archive = backup_create(destination=tmp_path / "backups")
    other, other_name = (
        ("postgresql", "PostgreSQL") if connection.vendor == "sqlite" else ("sqlite", "SQLite")
    )
    member = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}

    def to_other_vendor(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["vendor"] = other
            for entry in manifest["files"]:
                if entry["path"] == member[connection.vendor]:
                    entry["path"] = member[other]
            return name, json.dumps(manifest).encode()
        return (member[other] if name == member[connection.vendor] else name), data

    foreign = rewrite_archive(archive, tmp_path / "foreign.tar.gz", to_other_vendor)
    wipe()

    with pytest.raises(BackupError, match=f"holds a {other_name} database, but this"):
        backup_restore(archive=foreign)


@COMMITS
def test_restore_refuses_an_archive_made_by_a_newer_thaogo(world, tmp_path):
    archive = backup_create(destination=tmp_path / "backups")

    def with_future_migration(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["migrations"]["tasks"].append("0999_from_the_future")
            return name, json.dumps(manifest).encode()
        return name, data

    newer = rewrite_archive(archive, tmp_path / "newer.tar.gz", with_future_migration)
    wipe()

    with pytest.raises(BackupError, match=r"newer version of Thaogo.*tasks\.0999_from_the_future"):
        backup_restore(archive=newer)


@COMMITS
def test_backup_and_restore_commands(world, tmp_path, capsys):
    call_command("backup", "--to", str(tmp_path / "backups"))
    archive = next((tmp_path / "backups").glob("thaogo-backup-*.tar.gz"))
    assert f"backup: {archive}" in capsys.readouterr().out
    before = fingerprint()

    with pytest.raises(Exception, match="already has users"):
        call_command("restore", str(archive))
    wipe()
    call_command("restore", str(archive))

    assert "database and 1 files restored" in capsys.readouterr().out
    assert fingerprint() == before


@COMMITS
def test_backup_neither_waits_for_nor_includes_a_write_in_progress(
    world, tmp_path, tmp_path_factory
):
    if connection.vendor == "sqlite":
        # The in-memory test database has no second connection; the same property is
        # proved on a real SQLite file, as in production.
        _live_sqlite_file_backed_up_during_a_write(tmp_path, tmp_path_factory)
        return
    import psycopg

    params = connection.settings_dict
    before = fingerprint()
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    ) as writer:
        writer.execute("UPDATE auth_user SET first_name = 'uncommitted'")
        archive = backup_create(destination=tmp_path / "backups")
        writer.commit()
    assert User.objects.filter(first_name="uncommitted").exists()
    wipe()

    backup_restore(archive=archive)

    assert fingerprint() == before


def test_prune_deletes_only_old_backup_archives(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    now = time.time()
    old = folder / "thaogo-backup-20240101-023000.tar.gz"
    recent = folder / "thaogo-backup-20240301-023000.tar.gz"
    unrelated = folder / "notes.tar.gz"
    for path, age_days in ((old, 31), (recent, 29), (unrelated, 400)):
        path.write_bytes(b"x")
        os.utime(path, (now - age_days * 86400, now - age_days * 86400))

    assert backup_prune(directory=folder, keep_days=30) == [old]
    assert {p.name for p in folder.iterdir()} == {recent.name, unrelated.name}


# A real installation on a SQLite file, driven through `thaogo` in other processes.


def thaogo(var: Path, *arguments: str) -> str:
    env = {
        **os.environ,
        "DEBUG": "true",
        "THAOGO_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'thaogo.sqlite3'}",
        "LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(
        [sys.executable, "-m", *arguments],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _live_sqlite_file_backed_up_during_a_write(tmp_path, tmp_path_factory):
    """The demo on a SQLite file in WAL mode, as in production. While the backup runs, another
    connection holds a write transaction open: the backup neither waits for it nor includes
    it, and a fresh installation restored from the archive equals the site before the write."""
    live, fresh = tmp_path / "live", tmp_path / "fresh"
    migrated_sqlite_file(live / "thaogo.sqlite3", tmp_path_factory)
    thaogo(live, "thaogo", "migrate", "--no-input", "-v", "0")
    thaogo(live, "thaogo", "loaddemo", "--as-of", "2024-10-15")
    before = json.loads(thaogo(live, "tests.ops.fingerprint"))
    assert before["tables"]["reporting_report"][0] > 0
    assert any(name.startswith("portal/") for name in before["files"])

    writer = sqlite3.connect(live / "thaogo.sqlite3", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE auth_user SET first_name = 'uncommitted'")
        output = thaogo(live, "thaogo", "backup", "--to", str(tmp_path / "backups"))
        writer.execute("COMMIT")
    finally:
        writer.close()
    archive = next((tmp_path / "backups").glob("thaogo-backup-*.tar.gz"))
    assert str(archive) in output

    output = thaogo(fresh, "thaogo", "restore", str(archive))

    assert f"{len(before['files'])} files restored" in output
    assert json.loads(thaogo(fresh, "tests.ops.fingerprint")) == before


@pytest.mark.django_db
def test_backup_and_restore_refuse_uploads_in_object_storage_rather_than_leave_them_out(
    settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "b"}},
    }
    with pytest.raises(BackupError, match="object storage"):
        backup_create(destination=tmp_path / "backups")
    archive = tmp_path / "thaogo-backup-2024-10-15.tar.gz"
    archive.write_bytes(b"")
    with pytest.raises(BackupError, match="object storage"):
        backup_restore(archive=archive)
    assert not (tmp_path / "backups").exists()
