"""A creation form sent from several threads at once creates its object once. On its own
because it commits: the other creation tests share one world per module, rolled back."""

import time

import pytest

from tests.core.test_form_tokens import proposal_url
from tests.threads import run_in_threads
from thaogo.direction import services as direction
from thaogo.direction.models import Proposal


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_form_sent_from_several_threads_at_once_creates_one_proposal(
    world, client_for, tmp_path, monkeypatch
):
    token = "c" * 32
    data = {"title": "Đề nghị hỗ trợ", "content": "Đề nghị quận hỗ trợ.", "form_token": token}
    create = direction.proposal_create

    def slow_create(**kwargs):
        time.sleep(0.3)  # so that the sendings overlap: every one starts before the first ends
        return create(**kwargs)

    monkeypatch.setattr(direction, "proposal_create", slow_create)
    answers: list[int] = []

    def send(_i: int) -> None:
        answers.append(client_for(world.cadre).post(proposal_url(world), data).status_code)

    errors = run_in_threads(send, 4, tmp_path=tmp_path)

    assert errors == []
    assert answers == [302] * 4
    assert Proposal.objects.count() == 1
