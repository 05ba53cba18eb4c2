"""The read replica (DATABASE_REPLICA_URL) serves only anonymous safe requests."""

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from tests.test_settings import import_settings, settings_value
from thaogo.core.replica import ReplicaRouter, replica_middleware

router = ReplicaRouter()


def read_database(request) -> str:
    """Which database the router picks for a read made by the view of this request."""
    seen = {}

    def view(_request):
        seen["read"] = router.db_for_read(None)
        seen["write"] = router.db_for_write(None)
        return HttpResponse()

    replica_middleware(view)(request)
    assert seen["write"] == "default"
    return seen["read"]


def test_an_anonymous_visitors_page_reads_from_the_replica():
    assert read_database(RequestFactory().get("/tin-tuc/")) == "replica"
    assert read_database(RequestFactory().head("/")) == "replica"


def test_a_logged_in_user_and_every_write_use_the_primary():
    logged_in = RequestFactory().get("/app/")
    logged_in.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    assert read_database(logged_in) == "default"
    assert read_database(RequestFactory().post("/thong-ke-truy-cap/")) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_use_the_primary():
    def view(_request):
        with transaction.atomic():
            return HttpResponse(router.db_for_read(None))

    assert replica_middleware(view)(RequestFactory().get("/")).content == b"default"


def test_outside_a_request_everything_uses_the_primary():
    assert router.db_for_read(None) == "default"
    assert router.allow_migrate("replica", "tasks") is False
    assert router.allow_migrate("default", "tasks") is True


def test_the_replica_is_configured_only_when_its_address_is_given(tmp_path):
    assert settings_value(tmp_path, "getattr(s, 'DATABASE_ROUTERS', [])") == "[]"
    configured = settings_value(
        tmp_path,
        "s.DATABASE_ROUTERS, s.DATABASES['replica']['HOST'], s.DATABASES['replica']['TEST']",
        DATABASE_URL="postgres://thaogo@primary.internal:5432/thaogo",
        DATABASE_REPLICA_URL="postgres://thaogo@replica.internal:5432/thaogo",
    )
    assert configured == str(
        (["thaogo.core.replica.ReplicaRouter"], "replica.internal", {"MIRROR": "default"})
    )
    mixed = import_settings(
        tmp_path,
        SECRET_KEY="x",
        DATABASE_REPLICA_URL="postgres://thaogo@replica.internal:5432/thaogo",
    )
    assert mixed.returncode != 0
    assert "DATABASE_REPLICA_URL must be the same kind of database" in mixed.stderr
