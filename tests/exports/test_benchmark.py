"""The export benchmark (bench/export_tasks.py) itself, small, in its own process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import migrated_sqlite_file


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the same test whatever the suite's database (a fresh SQLite file): run with SQLite",
)
def test_the_benchmark_exports_a_generated_list_in_its_own_process(tmp_path, tmp_path_factory):
    """The benchmark itself, small, on a fresh SQLite file (the run's migrated template where
    there is one: `migrate` then has nothing to do)."""
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "THAOGO_VAR_DIR": str(tmp_path)}
    template = tmp_path / "template.sqlite3"
    migrated_sqlite_file(template, tmp_path_factory)
    start = ["--start-from", str(template)] if template.exists() else []
    result = subprocess.run(
        [sys.executable, "-m", "bench.export_tasks", "--tasks", "300", *start],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "300 tasks exported" in result.stdout
