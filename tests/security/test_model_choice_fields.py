"""Every form that lets the user pick a row (a plan, a cadre, units, attendees) checks the id
before it asks the database: every form class of the project and every form the admin builds
is walked, so a new form is covered without anyone listing it."""

import importlib
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import RequestFactory

import thaogo
from thaogo.core.forms import ModelChoiceField, ModelMultipleChoiceField
from thaogo.tasks.models import Task
from thaogo.units.models import Unit

SAFE = (ModelChoiceField, ModelMultipleChoiceField)


def project_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(thaogo.__path__, "thaogo."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, pending = [], [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("thaogo."):
                found.append(subclass)
    return found


def unsafe_fields(form_class: type[forms.BaseForm]) -> list[str]:
    return [
        f"{form_class.__module__}.{form_class.__qualname__}.{name}"
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, SAFE)
    ]


def test_every_model_choice_field_of_every_project_form_is_the_safe_kind():
    classes = project_form_classes()
    assert len(classes) > 15
    choice_fields = [
        name
        for form_class in classes
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
    ]
    assert len(choice_fields) > 10  # plans, categories, units, cadres, documents, attendees …
    assert [name for form_class in classes for name in unsafe_fields(form_class)] == []


@pytest.mark.django_db
def test_every_model_choice_field_of_every_admin_form_is_the_safe_kind():
    request = RequestFactory().get("/admin/")
    request.user = User(username="root", is_superuser=True, is_staff=True, is_active=True)
    checked, unsafe = 0, []
    for model, model_admin in admin.site._registry.items():
        form_classes = [model_admin.get_form(request)]
        row = model.objects.first()
        if row is not None:
            form_classes.append(model_admin.get_form(request, row, change=True))
        form_classes += [
            formset.form for formset, _inline in model_admin.get_formsets_with_inlines(request)
        ]
        for form_class in form_classes:
            checked += sum(
                isinstance(f, forms.ModelChoiceField) for f in form_class.base_fields.values()
            )
            unsafe += unsafe_fields(form_class)
    assert checked > 20
    assert unsafe == []


@pytest.mark.parametrize("value", ["9" * 40, "²", "-1", "0", "abc", "1.5"])
def test_the_safe_fields_refuse_a_bad_id_as_an_invalid_choice_without_a_query(
    db, django_assert_num_queries, value
):
    single = ModelChoiceField(queryset=Task.objects.all())
    several = ModelMultipleChoiceField(queryset=Unit.objects.all())
    with django_assert_num_queries(0):
        with pytest.raises(ValidationError) as refused:
            single.clean(value)
        assert refused.value.code == "invalid_choice"
        with pytest.raises(ValidationError) as refused:
            several.clean(["1", value])
        assert refused.value.code == "invalid_choice"


def test_the_safe_fields_still_accept_a_real_row(world):
    assert ModelChoiceField(queryset=Task.objects.all()).clean(str(world.clearance.pk)) == (
        world.clearance
    )
    units = ModelMultipleChoiceField(queryset=Unit.objects.all()).clean(
        [str(world.vinh_niem.pk), world.an_bien.pk]
    )
    assert set(units) == {world.vinh_niem, world.an_bien}
