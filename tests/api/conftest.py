"""Calling the API as a program does: with a personal token, no session."""

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from thaogo.api.models import TokenScope
from thaogo.api.services import token_create


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()
    yield
    cache.clear()


class ApiClient:
    """A client that sends a token, and JSON bodies."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, params: dict | None = None, **headers: Any):
        return self.client.get(_url(path), params or {}, headers={**self.headers, **headers})

    def post(self, path: str, body: Any = None, **headers: Any):
        return self.client.post(
            _url(path),
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers={**self.headers, **headers},
        )


def _url(path: str) -> str:
    return path if path.startswith("/api/") else f"/api/v1{path}"


@pytest.fixture
def api_for(db):
    """api_for(user, scope="write") -> an ApiClient holding a new token of that user."""

    def build(user: Any, scope: str = TokenScope.WRITE) -> ApiClient:
        _token, secret = token_create(user=user, name="Test program", scope=scope)
        return ApiClient(secret)

    return build


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient(None)
