"""The admin edits records too: its forms check the version as Thaogo's pages do.

Generated from the admin's registry: every model with a version column that the admin may
change is opened twice and saved twice; the second save is refused and the first change
stays. A form posted without its version is refused. And a change made in the admin moves
the version on, so a form opened on Thaogo's pages before it is refused.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse

from tests.form_posts import form_data
from tests.helpers import rule_records
from tests.portal.conftest import portal  # noqa: F401  (fixture reused)
from thaogo.direction import services as direction
from thaogo.reporting import services as reporting
from thaogo.reporting.models import ReportObligation
from thaogo.tasks.models import Task

CONFLICT = "Người khác đã lưu bản ghi này"
MISSING_VERSION = "Biểu mẫu này được gửi đi mà không kèm phiên bản"


# Asks a ModelAdmin whether it lets anyone change records at all (some are read-only).
SUPERUSER_REQUEST = SimpleNamespace(
    user=SimpleNamespace(is_active=True, is_staff=True, is_superuser=True, has_perm=lambda p: True)
)


def versioned_admins() -> list[str]:
    return sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if any(f.name == "version" for f in model._meta.fields)
        and model_admin.has_change_permission(SUPERUSER_REQUEST)
    )


@pytest.fixture
def records(world, portal):  # noqa: F811
    direction.meeting_create(title="Phiên họp", held_on=date(2024, 10, 1), by=world.office)
    rule_records(world)  # a deadline rule and a committee term
    reporting.report_for(
        ReportObligation.objects.get(assignment=world.clearance_lead, period_end=date(2024, 6, 14))
    )


def admin_post_data(response) -> dict:
    """What the admin's change page sends back: its form and every inline formset."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data


def a_text_field(form: forms.ModelForm) -> tuple[str, tuple[str, str]]:
    """A field of the record the test can type two different values into."""
    for name, field in form.fields.items():
        if type(field) is forms.CharField and (field.max_length or 100) >= 20:
            return name, ("Sửa từ thẻ thứ nhất", "Sửa từ thẻ thứ hai")
    for name, field in form.fields.items():
        if type(field) is forms.IntegerField and name != "version":
            return name, ("10", "12")
    raise AssertionError(f"no field to type into in {type(form).__name__}")


def stored(model, pk, name) -> str:
    return str(getattr(model._default_manager.get(pk=pk), name))


@pytest.mark.parametrize("label", versioned_admins())
def test_two_admin_saves_of_the_same_record_the_second_is_refused(
    label, world, records, client_for
):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the test world has no {label}"
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    first, second = client_for(world.admin), client_for(world.admin)
    opened_first, opened_second = first.get(url), second.get(url)
    name, (mine, theirs) = a_text_field(opened_first.context["adminform"].form)

    saved = first.post(url, {**admin_post_data(opened_first), name: mine})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert stored(model, obj.pk, name) == mine

    stale = second.post(url, {**admin_post_data(opened_second), name: theirs})
    assert stale.status_code == 400  # the form again, with the conflict
    assert CONFLICT in stale.content.decode()
    assert stored(model, obj.pk, name) == mine

    reopened = admin_post_data(first.get(url))
    del reopened["version"]
    refused = first.post(url, {**reopened, name: theirs})
    assert MISSING_VERSION in refused.content.decode()
    assert stored(model, obj.pk, name) == mine


def test_an_admin_change_refuses_a_page_form_opened_before_it(world, client_for):
    task = world.clearance
    edit_url = reverse("tasks:edit", args=[task.pk])
    page = client_for(world.btc).get(edit_url)
    assert page.status_code == 200
    admin_url = reverse("admin:tasks_task_change", args=[task.pk])
    opened = client_for(world.admin).get(admin_url)
    data = {**admin_post_data(opened), "title": "Tiêu đề sửa trong trang quản trị"}
    assert client_for(world.admin).post(admin_url, data).status_code == 302

    stale = form_data(page.context["form"])
    response = client_for(world.btc).post(edit_url, {**stale, "title": "Tiêu đề cũ"})

    assert response.status_code == 400
    assert CONFLICT in response.content.decode()
    assert Task.objects.get(pk=task.pk).title == "Tiêu đề sửa trong trang quản trị"
