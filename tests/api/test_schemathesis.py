"""Schemathesis against the OpenAPI document: requests generated from the schema, valid and
invalid, on every operation, get no server error and no answer the schema does not allow
(status, content type, headers, body). The number of examples is bounded (EXAMPLES) so the
whole run stays within a couple of minutes."""

from datetime import date

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.helpers import held_meeting, quarter_round, submitted_q3_report
from thaogo.api.services import token_create
from thaogo.direction import services as direction

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Examples per operation in each pass: (mode, path ids of real objects or generated ones).
EXAMPLES = {
    (GenerationMode.POSITIVE, "real"): 6,
    (GenerationMode.POSITIVE, "generated"): 4,
    (GenerationMode.NEGATIVE, "generated"): 4,
}


def _real_ids(world) -> dict[str, int]:
    report = submitted_q3_report(world)
    proposal = direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Đề xuất", content="x", by=world.cadre
    )
    meeting = held_meeting(title="Họp", held_on=date(2024, 10, 1), by=world.office)
    directive = direction.directive_issue(
        task=world.clearance,
        text="Chỉ đạo",
        responsible_cadre=world.dat,
        deadline=date(2024, 10, 30),
        meeting=meeting,
        by=world.btv,
    )
    evaluation_round = quarter_round(world)
    return {
        "unit_id": world.vinh_niem.pk,
        "cadre_id": world.dat.pk,
        "plan_id": world.plan.pk,
        "document_id": world.decision.pk,
        "task_id": world.clearance.pk,
        "metric_id": world.households.pk,
        "obligation_id": report.obligation_id,
        "proposal_id": proposal.pk,
        "meeting_id": meeting.pk,
        "directive_id": directive.pk,
        "round_id": evaluation_round.pk,
        "evaluation_id": evaluation_round.evaluations.get().pk,
    }


def _run(operation, mode, path_parameters, headers, examples):
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @given(case=strategy)
    @hypothesis_settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    check()


@pytest.fixture
def _connection_kept_between_requests():
    """Schemathesis calls the WSGI application itself, whose end of request closes a
    connection inside a transaction (the test's) on PostgreSQL: keep it, as Django's test
    client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_connection_kept_between_requests")
def test_every_operation_answers_as_its_schema_says(world, settings):
    settings.THAOGO_API_RATE_PER_MINUTE = 100_000
    settings.ALLOWED_HOSTS = ["*"]
    ids = _real_ids(world)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    callers = {
        name: {"Authorization": f"Bearer {token_create(user=user, name=name, scope='write')[1]}"}
        for name, user in (("btc", world.btc), ("cadre", world.cadre))
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 33
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        real = {name: ids[name] for name in names}
        for (mode, source), examples in EXAMPLES.items():
            for caller, headers in callers.items():
                if source == "generated" and caller == "cadre":
                    continue  # generated ids are mostly 404s whoever asks
                _run(operation, mode, real if source == "real" else None, headers, examples)
