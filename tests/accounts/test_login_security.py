"""Logins: throttling with django-axes, the security log, and passwords."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.helpers import PASSWORD, assert_vietnamese

LOGIN = "/accounts/login/"


def log_in(client: Client, username: str, password: str, *, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture(autouse=True)
def _login_throttle_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="thaogo.security")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "thaogo.security"]


def test_login_throttle_settings_follow_the_documented_defaults(settings):
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_login_and_say_when_to_try_again(client, cadre):
    limit = 5
    for _attempt in range(limit - 1):
        response = log_in(client, "cadre", "wrong")
        assert response.status_code == 400  # the form again, with its error
    before = timezone.localtime()
    response = log_in(client, "cadre", "wrong")
    after = timezone.localtime()

    assert response.status_code == 429
    html = response.content.decode()
    retry = [moment + timedelta(minutes=15) for moment in (before, after)]
    assert any(f"{r:%H:%M}" in html and f"{r:%d/%m/%Y}" in html for r in retry)
    message = html.split('class="login-box"', 1)[1].split("</article>", 1)[0]
    assert_vietnamese(message)
    assert "Traceback" not in html

    # Even the right password is refused while the lock lasts.
    assert log_in(client, "cadre", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_lockout_is_per_user_name_and_address(client, cadre, other_cadre):
    for _attempt in range(5):
        log_in(client, "cadre", "wrong", ip="203.0.113.7")
    assert log_in(client, "cadre", PASSWORD, ip="203.0.113.7").status_code == 429

    # The same user from elsewhere, and another user from the same address, still log in.
    assert log_in(Client(), "cadre", PASSWORD, ip="198.51.100.20").status_code == 302
    assert log_in(Client(), "other_cadre", PASSWORD, ip="203.0.113.7").status_code == 302


@pytest.mark.django_db
def test_login_works_again_after_the_cool_off(client, cadre):
    for _attempt in range(5):
        log_in(client, "cadre", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = log_in(client, "cadre", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


@pytest.mark.django_db
def test_a_successful_login_clears_earlier_failures(client, cadre):
    for _attempt in range(4):
        log_in(client, "cadre", "wrong")
    assert log_in(client, "cadre", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        log_in(client, "cadre", "wrong")
    assert log_in(client, "cadre", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_logins_failed_logins_and_lockouts_are_logged_with_user_address_and_path(
    client, cadre, security_log
):
    log_in(client, "cadre", PASSWORD, ip="203.0.113.7")
    for _attempt in range(5):
        log_in(Client(), "cadre", "wrong", ip="198.51.100.20")

    lines = security_log()
    assert "login user='cadre' ip=203.0.113.7 path='/accounts/login/'" in lines
    assert "login failed user='cadre' ip=198.51.100.20 path='/accounts/login/'" in lines
    assert "login locked out user='cadre' ip=198.51.100.20 path='/accounts/login/'" in lines
    assert not any("wrong" in line for line in lines)  # never a password


@pytest.mark.django_db
def test_permission_denials_are_logged(client_for, world, security_log):
    # The Standing Committee sees plans but may not edit them: a 403.
    response = client_for(world.btv).get(reverse("documents:plan_edit", args=[world.plan.pk]))

    assert response.status_code == 403
    assert (
        f"permission denied user='btv' ip=127.0.0.1 method=GET "
        f"path='/app/plans/{world.plan.pk}/edit/'"
    ) in security_log()


@pytest.mark.django_db
def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(client, cadre, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    forged = "10.0.0.1, 198.51.100.20"  # the client wrote the first; our proxy appended the last
    for _attempt in range(5):
        client.post(
            LOGIN,
            {"username": "cadre", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=forged,
            HTTP_X_FORWARDED_PROTO="https",
        )
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == "198.51.100.20"


# Passwords


@pytest.mark.django_db
def test_users_change_their_own_password_under_djangos_rules(client_for, cadre):
    client = client_for(cadre)
    url = reverse("password_change")
    assert url == "/accounts/password/change/"

    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert weak.status_code == 400
    errors = " ".join(weak.context["form"].errors["new_password2"])
    assert_vietnamese(errors)
    cadre.refresh_from_db()
    assert cadre.check_password(PASSWORD)

    strong = "doi-mat-khau-Vinh-Niem-2025"
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong}
    )
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.check_password(strong)


@pytest.mark.django_db
def test_administrator_resets_a_users_password_in_the_admin(client_for, admin, cadre):
    client = client_for(admin)
    change_page = client.get(reverse("admin:auth_user_change", args=[cadre.pk]))
    assert change_page.status_code == 200
    assert "../password/" in change_page.content.decode()

    url = reverse("admin:auth_user_password_change", args=[cadre.pk])
    new = "mat-khau-moi-do-quan-tri-dat-2025"
    weak = client.post(url, {"usable_password": "true", "password1": "abc", "password2": "abc"})
    assert weak.status_code == 400
    response = client.post(url, {"usable_password": "true", "password1": new, "password2": new})

    assert response.status_code == 302
    assert User.objects.get(pk=cadre.pk).check_password(new)
    assert log_in(Client(), "cadre", new).status_code == 302


@pytest.mark.django_db
def test_only_a_superuser_may_reset_passwords(client_for, btc, cadre):
    url = reverse("admin:auth_user_password_change", args=[cadre.pk])
    response = client_for(btc).get(url)
    assert response.status_code == 302  # to the admin login: not staff
    assert "/admin/login/" in response["Location"]


# ---------------------------------------------------------------- refused forms answer 400


@pytest.mark.django_db
def test_a_wrong_password_shows_the_login_form_again_with_400_and_its_error(client, cadre):
    response = log_in(client, "cadre", "wrong")
    assert response.status_code == 400
    errors = " ".join(response.context["form"].non_field_errors())
    assert_vietnamese(errors)
    assert errors.split(".")[0] in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_empty_login_form_answers_400(client, cadre):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 400
    assert_vietnamese(" ".join(response.context["form"].errors["username"]))


@pytest.mark.django_db
def test_a_wrong_old_password_answers_400_and_keeps_the_password(client_for, cadre):
    client = client_for(cadre)
    new = "doi-mat-khau-Vinh-Niem-2025"
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 400
    assert_vietnamese(" ".join(response.context["form"].errors["old_password"]))
    cadre.refresh_from_db()
    assert cadre.check_password(PASSWORD)


@pytest.mark.django_db
def test_the_admins_login_and_forms_answer_400_when_refused(client, client_for, admin, cadre):
    response = client.post(reverse("admin:login"), {"username": "admin", "password": "wrong"})
    assert response.status_code == 400
    response = client_for(admin).post(
        reverse("admin:units_unitkind_add"), {"code": "", "name": "", "order": "x"}
    )
    assert response.status_code == 400
    assert_vietnamese(" ".join(response.context["adminform"].form.errors["name"]))


@pytest.mark.django_db
def test_a_lockout_keeps_its_own_status(client, cadre, settings):
    settings.AXES_FAILURE_LIMIT = 1
    assert log_in(client, "cadre", "wrong").status_code == 429
