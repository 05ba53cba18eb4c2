"""Error pages (400, 403, 404, 500 and a refused form) are in Vietnamese, in Thaogo's look,
and show no stack trace, exception text or setting. The tests run with DEBUG off, as
production does."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path, reverse

from tests.helpers import assert_vietnamese
from thaogo.urls import urlpatterns as thaogo_urlpatterns


def failing_view(request):
    raise RuntimeError("secret-internal-detail: password=hunter2")


# For the 500 test: Thaogo's own URLs plus one view that fails.
urlpatterns = [path("test-failure/", failing_view), *thaogo_urlpatterns]

LEAKS = ("Traceback", "Exception Value", "secret-internal-detail", "SECRET_KEY", "ROOT_URLCONF")


def main_text(response) -> str:
    html = response.content.decode()
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def assert_error_page(response, status: int, heading: str) -> None:
    assert response.status_code == status
    html = response.content.decode()
    for leak in LEAKS:
        assert leak not in html
    assert "thaogo/app.css" in html  # Thaogo's look
    main = main_text(response)
    assert f'class="error-code">{status}<' in main
    assert heading in main
    assert_vietnamese(main)


def test_tests_see_production_error_handling():
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_missing_page_is_a_vietnamese_404(client):
    response = client.get("/app/khong-co-trang-nay/")
    assert_error_page(response, 404, "Không tìm thấy trang")


@pytest.mark.django_db
def test_missing_page_keeps_the_menu_for_a_logged_in_user(client_for, btc):
    response = client_for(btc).get("/app/tasks/999999/")
    assert_error_page(response, 404, "Không tìm thấy trang")
    assert reverse("tasks:list") in response.content.decode()


@pytest.mark.django_db
def test_refused_action_is_a_vietnamese_403(client_for, world):
    response = client_for(world.btv).get(reverse("documents:plan_edit", args=[world.plan.pk]))
    assert_error_page(response, 403, "Không có quyền truy cập")


@pytest.mark.django_db
def test_bad_request_is_a_vietnamese_400(client):
    response = client.get("/accounts/login/", headers={"host": "not-our-site.example"})
    assert_error_page(response, 400, "Yêu cầu không hợp lệ")


@pytest.mark.django_db
def test_form_sent_without_a_valid_csrf_token_gets_a_vietnamese_page(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "btc", "password": "x"})
    assert_error_page(response, 403, "Biểu mẫu đã hết hiệu lực")


# No database marker: the 500 page must render without touching the database.
@pytest.mark.urls("tests.test_error_pages")
def test_server_error_is_a_vietnamese_500_without_the_traceback():
    client = Client(raise_request_exception=False)
    response = client.get("/test-failure/")
    assert_error_page(response, 500, "Lỗi máy chủ")


@pytest.mark.urls("tests.test_error_pages")
def test_server_error_follows_the_chosen_language():
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    response = client.get("/test-failure/")
    assert response.status_code == 500
    assert "Server error" in main_text(response)
