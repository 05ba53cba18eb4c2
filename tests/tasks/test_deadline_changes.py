"""Deadline changes (gia hạn): recorded with their date, reason and deciding document, and the
task changes with them in one step."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import form_as_served, no_deferred_loads
from thaogo.core.services import ConcurrentEditError
from thaogo.tasks import services
from thaogo.tasks.models import DeadlineChange, Task


def extend(world, **changes):
    task = Task.objects.get(pk=world.investment.pk)
    values = {
        "new_deadline": date(2024, 12, 31),
        "effective_on": date(2024, 10, 10),
        "reason": "Chờ điều chỉnh chủ trương đầu tư",
        "decision": world.decision,
    }
    values.update(changes)
    return services.deadline_change_record(
        task=task, by=world.btc, expected_version=task.version, **values
    )


def test_an_extension_is_recorded_and_moves_the_deadline(world):
    change = extend(world)
    task = Task.objects.get(pk=world.investment.pk)
    assert task.deadline == date(2024, 12, 31)
    assert (change.previous_deadline, change.new_deadline) == (date(2024, 9, 30), task.deadline)
    assert change.effective_on == date(2024, 10, 10)
    assert change.decision == world.decision
    assert change.recorded_by == world.btc
    assert task.history.first().deadline == date(2024, 12, 31)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"new_deadline": date(2024, 9, 30)}, "new_deadline"),  # the same as now
        ({"new_deadline": date(2023, 1, 1)}, "new_deadline"),  # before the start
        ({"effective_on": date(2024, 10, 16)}, "effective_on"),  # tomorrow
        ({"effective_on": date(2023, 6, 1)}, "effective_on"),  # before the task started
        ({"reason": "   "}, "reason"),
    ],
)
def test_an_impossible_change_is_refused_and_nothing_changes(world, changes, field):
    with pytest.raises(ValidationError) as refused:
        extend(world, **changes)
    assert field in refused.value.message_dict
    assert not DeadlineChange.objects.exists()
    assert Task.objects.get(pk=world.investment.pk).deadline == date(2024, 9, 30)


def test_a_stale_form_is_refused(world):
    task = Task.objects.get(pk=world.investment.pk)
    extend(world)
    with pytest.raises(ConcurrentEditError):
        services.deadline_change_record(
            task=task,
            new_deadline=date(2025, 3, 31),
            effective_on=date(2024, 10, 12),
            reason="Lần hai",
            by=world.btc,
            expected_version=task.version,
        )
    assert DeadlineChange.objects.count() == 1


def test_a_change_cannot_take_effect_before_one_already_recorded(world):
    extend(world)
    with pytest.raises(ValidationError) as refused:
        extend(world, new_deadline=date(2025, 3, 31), effective_on=date(2024, 10, 1))
    assert "effective_on" in refused.value.message_dict


def test_a_deadline_edited_in_the_task_form_is_recorded_too(world):
    task = Task.objects.get(pk=world.revenue.pk)
    services.task_update(
        task=task, by=world.btc, expected_version=task.version, deadline=date(2024, 11, 30)
    )
    change = DeadlineChange.objects.get(task=task)
    assert (change.previous_deadline, change.new_deadline) == (
        date(2024, 10, 17),
        date(2024, 11, 30),
    )
    assert change.effective_on == date(2024, 10, 15)


def test_the_board_extends_a_deadline_from_the_task_page(world, client_for):
    client = client_for(world.btc)
    page = client.get(reverse("tasks:detail", args=[world.investment.pk])).content.decode()
    url = reverse("tasks:deadline_change", args=[world.investment.pk])
    assert url in page
    data = form_as_served(client.get(url).content.decode())
    # As served, the form proposes the current deadline: the service refuses it as no change.
    assert client.post(url, data).status_code == 400
    data.update(new_deadline="31/12/2024", reason="Chờ điều chỉnh chủ trương đầu tư")
    response = client.post(url, data)
    assert response.status_code == 302
    assert Task.objects.get(pk=world.investment.pk).deadline == date(2024, 12, 31)
    page = client.get(reverse("tasks:detail", args=[world.investment.pk])).content.decode()
    assert "Chờ điều chỉnh chủ trương đầu tư" in page


def test_a_cadre_may_not_extend_their_own_deadline(world, client_for):
    url = reverse("tasks:deadline_change", args=[world.clearance.pk])
    assert client_for(world.cadre).get(url).status_code == 403
    assert client_for(world.cadre).post(url, {"reason": "x"}).status_code == 403
    assert not DeadlineChange.objects.exists()


# The task page's own read of a task's deadline changes (not the check whether it has any).
CHANGES_READ = 'SELECT "tasks_deadlinechange"'


def test_the_task_page_reads_deadline_changes_only_for_a_task_that_has_them(world, client_for):
    # Most tasks never change their deadline: their page does not look for changes.
    client = client_for(world.btc)
    url = reverse("tasks:detail", args=[world.investment.pk])

    def visit() -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        return page, [q["sql"] for q in queries if q["sql"].startswith(CHANGES_READ)]

    page, reads = visit()
    assert reads == []
    assert 'id="deadline-changes"' not in page
    extend(world)
    page, reads = visit()
    assert len(reads) == 1
    section = page[page.index('id="deadline-changes"') :]
    assert "Chờ điều chỉnh chủ trương đầu tư" in section
    assert world.decision.symbol in section
    assert "31/12/2024" in section


def test_the_task_page_reads_every_column_it_shows_with_its_query(world, client_for):
    # Its queries read only the columns the page shows of documents, units and cadres: a
    # column left out but shown would cost a query per row (here: the deciding documents of
    # an assignment and of a deadline change, listed with their abstracts).
    extend(world, decision=world.decision)
    services.deadline_change_record(
        task=world.clearance,
        new_deadline=date(2025, 6, 30),
        effective_on=date(2024, 10, 12),
        reason="Chờ phê duyệt phương án",
        decision=world.decision,
        by=world.btc,
        expected_version=Task.objects.get(pk=world.clearance.pk).version,
    )
    seen = [
        (world.btc, world.clearance),
        (world.btc, world.investment),
        (world.btv, world.investment),
        (world.cadre, world.clearance),  # the lead named by the decision
    ]
    for user, task in seen:
        with no_deferred_loads():
            page = client_for(user).get(reverse("tasks:detail", args=[task.pk]))
        assert page.status_code == 200
        assert world.decision.abstract[:40] in page.content.decode()
