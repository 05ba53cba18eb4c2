"""Personal API tokens: made on the user's own page, shown once, kept hashed, scoped, revoked."""

import hashlib
import re

from django.urls import reverse

from tests.api.conftest import ApiClient
from thaogo.api.models import ApiToken, TokenScope
from thaogo.api.services import token_create


def _create(client, name="Cổng điều hành tỉnh", scope=TokenScope.READ):
    return client.post(reverse("api_tokens:list"), {"name": name, "scope": scope})


def _shown_secret(response) -> str:
    found = re.search(
        r'<code id="new-token">(thg_[A-Za-z0-9_-]+)</code>', response.content.decode()
    )
    assert found, "the new token is shown on the page"
    return found.group(1)


def test_a_user_creates_a_token_whose_secret_is_shown_once_and_stored_hashed(world, client_for):
    client = client_for(world.cadre)
    response = _create(client)
    assert response.status_code == 200
    secret = _shown_secret(response)
    token = ApiToken.objects.get(user=world.cadre)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert token.scope == TokenScope.READ
    # Nothing Thaogo keeps holds the secret, and the list shows only its first characters.
    assert secret not in {token.digest, token.prefix, token.name}
    listing = client.get(reverse("api_tokens:list")).content.decode()
    assert secret not in listing
    assert token.prefix in listing
    assert ApiClient(secret).get("/me").json()["token_scope"] == "read"


def test_a_token_acts_as_its_user_and_sees_what_they_see(world, client_for):
    secret = _shown_secret(_create(client_for(world.other_cadre)))
    api = ApiClient(secret)
    assert api.get("/me").json()["cadre_id"] == world.hoa.pk
    codes = {task["code"] for task in api.get("/tasks").json()["items"]}
    assert codes == {world.revenue.code}
    assert api.get(f"/tasks/{world.clearance.pk}").status_code == 404


def test_a_read_only_token_reads_but_its_writes_are_refused_and_change_nothing(world, api_for):
    api = api_for(world.cadre, scope=TokenScope.READ)
    assert api.get(f"/metrics/{world.households.pk}").status_code == 200
    before = world.households.values.count()
    response = api.post(
        f"/metrics/{world.households.pk}/values", {"measured_on": "2024-10-01", "value": "95"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"
    assert world.households.values.count() == before


def test_a_read_write_token_writes(world, api_for):
    api = api_for(world.cadre, scope=TokenScope.WRITE)
    response = api.post(
        f"/metrics/{world.households.pk}/values", {"measured_on": "2024-10-01", "value": "95"}
    )
    assert response.status_code == 201, response.content


def test_a_revoked_token_no_longer_connects(world, client_for):
    client = client_for(world.cadre)
    secret = _shown_secret(_create(client))
    token = ApiToken.objects.get(user=world.cadre)
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = ApiClient(secret).get("/me")
    assert refused.status_code == 401
    assert refused.json()["code"] == "not_authenticated"
    assert "Đã thu hồi" in client.get(reverse("api_tokens:list")).content.decode()


def test_nobody_revokes_another_users_token(world, client_for):
    token, secret = token_create(user=world.cadre, name="Của đồng chí Đạt", scope="read")
    response = client_for(world.other_cadre).post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiClient(secret).get("/me").status_code == 200


def test_a_token_without_a_name_or_with_an_unknown_scope_is_refused(world, client_for):
    client = client_for(world.cadre)
    assert _create(client, name="  ").status_code == 400
    response = _create(client, scope="admin")
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_an_unknown_token_is_refused_even_beside_a_login_session(world, client_for):
    client = client_for(world.cadre)
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer thg_not-a-real-one"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    other_scheme = client.get("/api/v1/me", headers={"Authorization": "Basic eDp5"})
    assert other_scheme.status_code == 401


def test_a_deactivated_users_token_stops_working(world, api_for):
    api = api_for(world.cadre)
    world.cadre.is_active = False
    world.cadre.save()
    assert api.get("/me").status_code == 401
