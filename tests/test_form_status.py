"""A form sent back because of an error answers 400 and shows the error, whoever renders it:
Thaogo's views (thaogo.core.forms.form_status), Django's class-based views and admin, and
htmx's partial answers (thaogo.core.middleware.invalid_form_status_middleware)."""

from datetime import date

from django.urls import reverse

from thaogo.reporting.models import ReportObligation


def test_a_report_refused_by_htmx_answers_400_and_does_not_say_saved(world, client_for):
    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    response = client_for(world.cadre).post(
        reverse("reporting:report_edit", args=[obligation.pk]),
        {"results": "Kết quả", "self_assessed_progress": "nhiều"},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "chưa hợp lệ" in html
    assert "Đã lưu bản nháp" not in html


def test_reverting_to_an_old_version_in_the_admin_answers_400_when_refused(world, client_for):
    version = world.clearance.history.order_by("history_id").first()
    url = reverse("admin:tasks_task_simple_history", args=[world.clearance.pk, version.pk])
    response = client_for(world.admin).post(url, {"title": "", "code": ""})
    assert response.status_code == 400
    assert response.context["adminform"].form.errors["title"]
