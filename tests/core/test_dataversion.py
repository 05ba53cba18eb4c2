"""Cached figures are named by the state of the data they count: every write names a new
state, inside its own transaction and again once committed, and a rolled-back write's
name never comes back."""

import threading
import time
from datetime import date

import pytest
from django.db import transaction

from tests.threads import run_in_threads
from thaogo.core import dataversion
from thaogo.core.models import DeadlineRule

pytestmark = pytest.mark.django_db


def _write() -> None:
    DeadlineRule.objects.create(valid_from=date(2030, 1, DeadlineRule.objects.count() + 1))


def test_a_write_names_a_new_state_in_its_transaction_and_once_committed(
    django_capture_on_commit_callbacks,
):
    before = dataversion.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _write()
        _write()
        inside = dataversion.current()
    assert inside != before
    # One more name per transaction, however many writes (the monitoring figures' own log,
    # which the rules also move, queues its own).
    assert [c for c in callbacks if c is dataversion._committed] == [dataversion._committed]
    assert dataversion.current() not in (before, inside)


def test_a_cached_figure_is_counted_again_after_a_write_and_not_before():
    counted = []

    def figure() -> int:
        counted.append(1)
        return DeadlineRule.objects.count()

    assert dataversion.cached(("rules",), figure) == 0
    assert dataversion.cached(("rules",), figure) == 0
    assert len(counted) == 1
    _write()
    assert dataversion.cached(("rules",), figure) == 1
    assert len(counted) == 2


def test_a_rolled_back_write_leaves_no_name_behind():
    before = dataversion.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        _write()
        inside = dataversion.current()
        raise RuntimeError
    assert dataversion.current() == before
    _write()
    assert dataversion.current() not in (before, inside)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_callers_asking_at_once_wait_for_one_computation(tmp_path):
    computed, results = [], [None] * 3

    def slow() -> int:
        computed.append(1)
        time.sleep(0.3)
        return 42

    def ask(index: int) -> None:
        results[index] = dataversion.cached(("slow",), slow, wait=5)

    assert run_in_threads(ask, 3, tmp_path=tmp_path) == []
    assert results == [42, 42, 42]
    assert len(computed) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_computation_lets_the_waiting_caller_compute(tmp_path):
    started, asked, results = threading.Event(), threading.Event(), [None] * 2

    def failing() -> int:
        started.set()
        asked.wait(5)
        time.sleep(0.3)  # the other caller is waiting by now
        raise RuntimeError("lost connection")

    def ask(index: int) -> None:
        if index == 0:
            results[0] = dataversion.cached(("flaky",), failing, wait=5)
        else:
            started.wait(5)  # asks while the first caller is computing
            asked.set()
            results[1] = dataversion.cached(("flaky",), lambda: 7, wait=5)

    errors = run_in_threads(ask, 2, tmp_path=tmp_path)
    assert [type(error) for error in errors] == [RuntimeError]
    assert results == [None, 7]
