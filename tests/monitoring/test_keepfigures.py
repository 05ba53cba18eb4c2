"""`thaogo keepfigures` works out today's figures before the first visitor."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.helpers import TODAY
from thaogo.monitoring import selectors

pytestmark = pytest.mark.django_db


def test_the_first_visit_after_the_command_counts_nothing(world, monkeypatch):
    counted = []
    original = selectors.counts_by_part

    def counting(scope, wanted, part_of_plan):
        found = original(scope, wanted, part_of_plan)
        counted.extend(found)
        return found

    monkeypatch.setattr(selectors, "counts_by_part", counting)
    out = StringIO()
    call_command("keepfigures", stdout=out)
    # The Standing Committee, the Organization Board, the Office and the administrator see
    # every task: each of the world's two parts is counted once for all four.
    assert len(counted) == 2
    assert "4" in out.getvalue()
    for user in (world.btv, world.btc, world.office, world.admin):
        selectors.kept_figures(user=user, as_of=TODAY)
    call_command("keepfigures", stdout=StringIO())  # idempotent
    assert len(counted) == 2
