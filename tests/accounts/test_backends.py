"""The logged-in user of a request, read once with what every page asks of them, and the
logins made before this backend still valid after the upgrade."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.urls import reverse

from thaogo.accounts.backends import UserBackend
from thaogo.accounts.roles import cadre_of, role_of, scope_unit

pytestmark = pytest.mark.django_db

# What RunPython hands the functions, as far as they use it (SQLite cannot open a schema
# editor inside the test's transaction).
EDITOR = SimpleNamespace(connection=connection)
MIGRATION = importlib.import_module("thaogo.accounts.migrations.0005_sessions_use_user_backend")


def test_the_user_comes_with_role_scope_and_cadre_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = UserBackend().get_user(world.cadre.pk)
    with django_assert_num_queries(0):
        assert role_of(user) == role_of(world.cadre)
        assert scope_unit(user) == scope_unit(world.cadre)
        assert cadre_of(user) == cadre_of(world.cadre)


def test_an_inactive_or_unknown_user_is_nobody(world):
    world.cadre.is_active = False
    world.cadre.save()
    assert UserBackend().get_user(world.cadre.pk) is None
    assert UserBackend().get_user(10**9) is None


def _session_with_backend(user, backend: str) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _logged_in(session_key: str) -> bool:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client.get(reverse("core:home")).status_code == 200


def test_a_login_made_before_the_upgrade_stays_logged_in_after_its_migration(world):
    old = _session_with_backend(world.cadre, MIGRATION.MODEL_BACKEND)
    assert not _logged_in(old)  # Django no longer knows the backend it names

    MIGRATION.forwards(apps, EDITOR)
    assert _logged_in(old)
    assert SessionStore(old).load()[BACKEND_SESSION_KEY] == MIGRATION.USER_BACKEND

    MIGRATION.backwards(apps, EDITOR)
    assert SessionStore(old).load()[BACKEND_SESSION_KEY] == MIGRATION.MODEL_BACKEND
