"""Writers committing at once each show in the task's story. On its own because it commits:
the other story tests share one world per module, rolled back."""

import pytest
from django.urls import reverse

from tests.threads import run_in_threads
from thaogo.direction import services as direction


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_committing_at_once_each_show_in_the_story(world, client_for, tmp_path):
    client = client_for(world.btc)
    url = reverse("tasks:detail", args=[world.clearance.pk])
    assert client.get(url).status_code == 200  # kept, empty

    def raise_one(index: int) -> None:
        direction.proposal_create(
            task=world.clearance,
            raised_by=world.dat,
            title=f"Đề nghị song song {index}",
            content="…",
            by=world.cadre,
        )

    assert run_in_threads(raise_one, 4, tmp_path=tmp_path) == []
    html = client.get(url).content.decode()
    assert all(f"Đề nghị song song {index}" in html for index in range(4))
