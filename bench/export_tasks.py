"""Benchmark: the task list of a very large plan exported to .xlsx in bounded memory.

    DEBUG=1 .venv/bin/python -m bench.export_tasks                  # 100,000 tasks
    DEBUG=1 .venv/bin/python -m bench.export_tasks --tasks 20000 --limit-mb 300

It builds a throwaway SQLite database (bulk_create: units, 17 cadres, one plan, `--tasks`
tasks each with a lead), then runs `thaogo export tasks` in a process of its own and prints
that process's peak resident memory (getrusage), the time taken and the file's size. It
exits 1 if the file does not hold every task or the peak passes `--limit-mb`.
`--start-from FILE` copies a migrated, empty SQLite file instead of migrating a new one (the
test suite passes its migrated template).
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

BATCH = 5000


def _populate(tasks: int) -> None:
    from thaogo.documents.models import Document, DocumentType, Plan
    from thaogo.tasks.models import Assignment, AssignmentRole, Category, Status, Task
    from thaogo.units.models import Cadre, Unit, UnitKind

    committee = Unit.objects.create(
        name="Quận ủy Lê Chân", kind=UnitKind.objects.get(code="party-committee"), issuer_code="QU"
    )
    wards = [
        Unit.objects.create(
            name=f"Phường {n}", parent=committee, kind=UnitKind.objects.get(code="ward")
        )
        for n in range(15)
    ]
    cadres = Cadre.objects.bulk_create(
        Cadre(full_name=f"Cán bộ số {n:02d}", unit=committee) for n in range(17)
    )
    document = Document.objects.create(
        number=164,
        doc_type=DocumentType.objects.get(code="KH", system="party"),
        issuer=committee,
        series="2020-2025",
        issued_on=date(2023, 11, 29),
        abstract="Kế hoạch phân công cán bộ phụ trách việc khó",
    )
    plan = Plan.objects.create(
        document=document,
        title="Phân công cán bộ phụ trách việc khó",
        issuing_body=committee,
        start_date=date(2023, 11, 29),
        end_date=date(2025, 12, 31),
    )
    categories = list(Category.objects.all())
    start = date(2024, 1, 1)
    for first in range(0, tasks, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, tasks)):
            done = n % 4 == 0
            deadline = start + timedelta(days=200 + n % 500) if n % 7 else None
            batch.append(
                Task(
                    plan=plan,
                    code=f"{n + 1:06d}",
                    title=f"Giải quyết dứt điểm vụ việc tồn đọng số {n + 1} tại địa bàn phường",
                    category=categories[n % len(categories)],
                    start_date=start,
                    deadline=deadline,
                    status=Status.COMPLETED if done else Status.IN_PROGRESS,
                    completed_on=start + timedelta(days=150 + n % 300) if done else None,
                    units_summary=wards[n % len(wards)].name,
                    is_hard=n % 2 == 0,
                    is_backlogged=n % 3 == 0,
                )
            )
        created = Task.objects.bulk_create(batch)
        Assignment.objects.bulk_create(
            Assignment(
                task=task,
                cadre=cadres[task.pk % len(cadres)],
                role=AssignmentRole.LEAD,
                start_date=start,
            )
            for task in created
        )
        Task.units.through.objects.bulk_create(
            Task.units.through(task_id=task.pk, unit_id=wards[task.pk % len(wards)].pk)
            for task in created
        )


def _rows_in(path: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    information = book.worksheets[-1]
    for _label, value in information.iter_rows(min_row=3, max_row=3, values_only=True):
        return int(value)
    return -1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--limit-mb", type=int, default=300)
    parser.add_argument(
        "--start-from",
        type=Path,
        help="a migrated, empty SQLite file to copy instead of migrating a new one",
    )
    args = parser.parse_args(argv)

    workdir = Path(os.environ.get("THAOGO_VAR_DIR") or tempfile.mkdtemp(prefix="thaogo-bench-"))
    env = {
        **os.environ,
        "DEBUG": os.environ.get("DEBUG", "1"),
        "THAOGO_VAR_DIR": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'bench-export.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "thaogo.settings",
    }
    os.environ.update(env)
    (workdir / "bench-export.sqlite3").unlink(missing_ok=True)
    if args.start_from:
        shutil.copyfile(args.start_from, workdir / "bench-export.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    _populate(args.tasks)
    print(f"generated {args.tasks} tasks in {time.perf_counter() - began:.1f} s")

    out = workdir / "tasks.xlsx"
    began = time.perf_counter()
    # A process of its own, so that its peak memory is the export's alone.
    subprocess.run(
        [sys.executable, "-m", "thaogo", "export", "tasks", "--plan", "164-KH/QU", "-o", str(out)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    rows = _rows_in(out)
    print(
        f"{rows} tasks exported in {seconds:.1f} s to {out.stat().st_size / 2**20:.1f} MB; "
        f"peak RSS of the export {peak_mb:.0f} MB (target < {args.limit_mb} MB)"
    )
    return 0 if rows == args.tasks and peak_mb < args.limit_mb else 1


if __name__ == "__main__":
    sys.exit(main())
