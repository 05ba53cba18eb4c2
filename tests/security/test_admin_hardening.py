"""The admin (Django's, with django-simple-history and django-axes) gets the same defences as
Thaogo's own pages, from the project's admin site (thaogo/core/admin.py): every model admin
registered on it, Django's own included, is hardened in that one place."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from thaogo.core.admin import INLINE_ROWS, HardenedAdmin, HardenedInline
from thaogo.reporting.models import ReportObligation

BAD_IDS = ["9" * 40, "²", "abc"]


def test_every_registered_model_admin_and_inline_is_hardened():
    assert admin.site._registry
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, HardenedAdmin), type(model_admin)
        for inline in model_admin.inlines:
            assert issubclass(inline, HardenedInline), inline
    assert Group in admin.site._registry  # Django's own admins too


@pytest.mark.parametrize("value", BAD_IDS)
def test_history_pages_with_an_impossible_id_are_not_found(world, client_for, value):
    client = client_for(world.admin)
    task = world.clearance
    version = task.history.order_by("history_id").first()
    for url in [
        f"/admin/tasks/task/{value}/history/",
        f"/admin/tasks/task/{value}/history/{version.history_id}/",
        f"/admin/tasks/task/{task.pk}/history/{value}/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url  # to the admin's index, "does not exist"
        assert response["Location"] == reverse("admin:index")


def test_a_huge_search_and_an_impossible_date_are_no_server_error(world, client_for):
    client = client_for(world.admin)
    assert (
        client.get(reverse("admin:tasks_task_changelist"), {"q": "x" * 100_000}).status_code == 200
    )
    response = client.get(reverse("admin:reporting_holiday_changelist"), {"date__year": "9" * 40})
    assert response.status_code == 302
    assert "e=1" in response["Location"]  # the admin's "bad filter" page


def test_an_empty_to_field_is_ignored(world, client_for):
    url = reverse("admin:accounts_profile_delete", args=[world.btc.profile.pk])
    assert client_for(world.admin).get(url, {"_to_field": ""}).status_code == 200


def test_a_forged_row_count_builds_at_most_the_inline_limit(world, client_for):
    url = reverse("admin:tasks_task_change", args=[world.clearance.pk])
    page = client_for(world.admin).get(url)
    data = {}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management.initial.get(name, 0)
    data["assignments-TOTAL_FORMS"] = "9" * 12
    response = client_for(world.admin).post(url, data)
    assert response.status_code == 400
    built = [len(f.formset.forms) for f in response.context["inline_admin_formsets"]]
    assert max(built) <= INLINE_ROWS


def test_obligations_are_read_only_and_reports_are_not_added_in_the_admin(world, client_for):
    client = client_for(world.admin)
    obligation = ReportObligation.objects.first()
    change = client.post(
        reverse("admin:reporting_reportobligation_change", args=[obligation.pk]),
        {"number": "5", "kind": "quarter"},
    )
    assert change.status_code == 403
    assert ReportObligation.objects.get(pk=obligation.pk).number == obligation.number
    assert client.get(reverse("admin:reporting_report_add")).status_code == 403
