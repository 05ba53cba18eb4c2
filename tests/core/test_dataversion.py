"""Cached figures are named by the state of the data they count: every write names a new
state, inside its own transaction and again once committed, and a rolled-back write's
name never comes back."""

from datetime import date

import pytest
from django.db import transaction

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
    assert len(callbacks) == 1  # one more name per transaction, however many writes
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
