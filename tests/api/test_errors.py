"""Every refusal is JSON with a stable code and a Vietnamese message; sessions need CSRF for
writes; callers are held to a rate per minute."""

import pytest
from django.test import Client

from tests.helpers import VIETNAMESE_LETTERS
from thaogo.api.paging import encode_cursor


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert VIETNAMESE_LETTERS.search(body["message"]), body["message"]
    return body


def test_no_credentials_is_a_401_in_json(world, anonymous_api):
    response = anonymous_api.get("/tasks")
    _error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_object_the_caller_may_not_see_is_a_404_like_one_that_does_not_exist(world, api_for):
    api = api_for(world.other_cadre)
    hidden = _error(api.get(f"/tasks/{world.clearance.pk}"), 404, "not_found")
    missing = _error(api.get("/tasks/999999"), 404, "not_found")
    assert hidden == missing


@pytest.mark.parametrize(
    "path",
    ["/tasks/abc", "/tasks/0", f"/tasks/{'9' * 40}", "/tasks?limit=0", "/tasks?plan=-1"],
)
def test_a_request_outside_the_schema_is_a_422_naming_the_field(world, api_for, path):
    body = _error(api_for(world.btc).get(path), 422, "invalid_input")
    assert body["fields"]


def test_a_body_that_is_not_json_is_a_400(world, api_for):
    api = api_for(world.cadre)
    response = api.client.post(
        f"/api/v1/metrics/{world.households.pk}/values",
        "{not json",
        content_type="application/json",
        headers=api.headers,
    )
    _error(response, 400, "invalid_input")


def test_a_null_character_anywhere_is_refused_in_json(world, api_for):
    api = api_for(world.cadre)
    _error(api.get("/tasks", {"q": "a\x00b"}), 400, "invalid_input")
    body = _error(
        api.post(
            f"/metrics/{world.households.pk}/values",
            {"measured_on": "2024-10-01", "value": "1", "note": "a\x00b"},
        ),
        422,
        "invalid_input",
    )
    assert "note" in body["fields"]


def test_a_cursor_the_api_did_not_give_is_a_400(world, api_for):
    _error(api_for(world.btc).get("/tasks", {"cursor": "not-ours"}), 400, "invalid_cursor")


def test_cursor_pages_walk_every_row_once(world, api_for):
    api = api_for(world.btc)
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = api.get("/tasks", params).json()
        seen += [task["id"] for task in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    everything = [task["id"] for task in api.get("/tasks", {"limit": 200}).json()["items"]]
    assert seen == everything == sorted(everything)
    assert len(everything) == 6
    # A cursor past the last row is an empty page, not an error.
    assert api.get("/tasks", {"cursor": encode_cursor(everything[-1])}).json() == {
        "items": [],
        "next_cursor": None,
    }


def test_a_session_write_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.cadre)
    url = f"/api/v1/metrics/{world.households.pk}/values"
    body = {"measured_on": "2024-10-01", "value": "95"}
    _error(client.post(url, body, content_type="application/json"), 403, "csrf_failed")
    assert not world.households.values.filter(measured_on="2024-10-01").exists()
    client.get("/app/api-tokens/")  # any page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        url, body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201, response.content


def test_a_session_reads_without_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.btc)
    assert client.get("/api/v1/tasks").status_code == 200


def test_each_token_is_held_to_its_rate_with_429_and_retry_after(world, api_for, settings):
    settings.THAOGO_API_RATE_PER_MINUTE = 3
    api, other = api_for(world.btc), api_for(world.btc)
    for _ in range(3):
        assert api.get("/me").status_code == 200
    response = api.get("/me")
    _error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another token of the same user has its own count.
    assert other.get("/me").status_code == 200


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/tasks?timing=late", "timing"),
        ("/tasks?status=done", "status"),
        ("/obligations?kind=week", "kind"),
        ("/directives?status=x", "status"),
    ],
)
def test_a_filter_outside_its_choices_is_a_422(world, api_for, path, name):
    body = _error(api_for(world.btc).get(path), 422, "invalid_input")
    assert name in body["fields"]


def test_an_unknown_address_or_method_under_the_api_is_json_too(world, api_for):
    api = api_for(world.btc)
    _error(api.get("/no-such-resource"), 404, "not_found")
    wrong_method = api.get(f"/tasks/{world.clearance.pk}/proposals")
    _error(wrong_method, 405, "method_not_allowed")
    assert wrong_method["Allow"] == "POST"
