"""Two people making a plan of the same document at the same moment: one plan is made and
the other person is told the document already issues a plan, instead of a server error."""

import time

import pytest
from django.core.exceptions import ValidationError

from tests.helpers import messages_of
from tests.threads import run_in_threads
from thaogo.documents import services
from thaogo.documents.models import Plan


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_plans_of_one_document_at_once_make_one_and_a_clear_refusal(
    world, tmp_path, monkeypatch
):
    validate = services._validate_plan

    def slow_validate(plan):
        validate(plan)
        time.sleep(0.3)  # both have checked the document is free before either saves

    monkeypatch.setattr(services, "_validate_plan", slow_validate)

    def create(i: int) -> None:
        services.plan_create(
            document=world.state_doc,
            title=f"Kế hoạch thu ngân sách {i}",
            issuing_body=world.peoples_committee,
            start_date=world.state_doc.issued_on,
            end_date=world.plan.end_date,
            by=world.btc,
        )

    errors = run_in_threads(create, 2, tmp_path=tmp_path)

    assert Plan.objects.filter(document=world.state_doc).count() == 1
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert "đã được dùng để ban hành một kế hoạch khác" in messages_of(errors[0])
