"""One decimal field for every form: typed and shown the Vietnamese way ("30.907,38")."""

import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.helpers import assert_vietnamese
from thaogo.core.forms import DecimalInput, ServiceModelForm, VietnameseDecimalField
from thaogo.reporting.forms import ReportForm
from thaogo.reporting.models import Report
from thaogo.tasks.models import Metric, UnitOfMeasure


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class in the forms module of every Thaogo app."""
    found = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("thaogo."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.forms":
                raise
            continue
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__.startswith("thaogo."):
                found.add(obj)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def decimal_fields(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    return {
        name: field
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DecimalField | forms.FloatField)
    }


def test_every_decimal_input_of_every_form_is_the_vietnamese_field():
    checked = {}
    for form_class in project_form_classes():
        for name, field in decimal_fields(form_class).items():
            checked[f"{form_class.__name__}.{name}"] = field
    # The discovery finds the forms it must: a test that finds nothing proves nothing.
    assert {"MetricForm.baseline", "MetricForm.target", "MetricValueForm.value"} <= set(checked)
    wrong = [
        name
        for name, field in checked.items()
        if type(field) is not VietnameseDecimalField or type(field.widget) is not DecimalInput
    ]
    assert wrong == []


def test_the_report_forms_figures_are_the_vietnamese_field_with_the_stored_places():
    metric = Metric(pk=7, name="Diện tích đã giải phóng", unit=UnitOfMeasure(code="m2", name="m²"))
    metric.reported_value = Decimal("30907.38")
    form = ReportForm(instance=Report(), metrics=[metric])
    field = form.fields["metric_7"]
    assert isinstance(field, VietnameseDecimalField)
    assert (field.max_digits, field.decimal_places) == (14, 2)
    assert 'value="30.907,38"' in str(form["metric_7"])


def test_a_new_model_form_gets_the_vietnamese_field_without_asking():
    class TargetOnlyForm(ServiceModelForm):
        class Meta:
            model = Metric
            fields = ["target"]

    field = TargetOnlyForm.base_fields["target"]
    assert isinstance(field, VietnameseDecimalField)
    assert (field.max_digits, field.decimal_places) == (14, 2)


def figure_field(**kwargs) -> VietnameseDecimalField:
    return VietnameseDecimalField(max_digits=14, decimal_places=2, **kwargs)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("30.907,38", Decimal("30907.38")),
        ("36120,5", Decimal("36120.5")),
        (" 5 ", Decimal(5)),
        ("1.234.567", Decimal(1234567)),
        ("1.234,5", Decimal("1234.5")),
    ],
)
def test_the_field_reads_vietnamese_numbers(typed, value):
    assert figure_field().clean(typed) == value


def refusal(typed: str, field: VietnameseDecimalField | None = None) -> str:
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        (field or figure_field()).clean(typed)
    message = " ".join(refused.value.messages)
    assert_vietnamese(message)
    return message


def test_a_single_dot_group_is_refused_with_both_unambiguous_ways_to_write_it():
    message = refusal("1.234")
    assert "“1.234,00”" in message and "“1234”" in message


def test_a_dot_used_as_the_decimal_mark_is_refused_with_the_comma_form():
    assert "“5,2”" in refusal("5.2")


def test_more_places_or_digits_than_the_column_holds_are_refused_saying_so():
    assert "tối đa 2 chữ số" in refusal("5,123")
    assert "tối đa 12 chữ số" in refusal("1.000.000.000.000")
    assert "số nguyên" in refusal("5,5", VietnameseDecimalField(max_digits=5, decimal_places=0))


@pytest.mark.parametrize(
    "typed", ["1,2,3", "1.23.456", "1 234", "5\x00", "1e5", "NaN", "Infinity", "abc", ",5"]
)
def test_malformed_numbers_are_refused_with_an_example_of_the_right_way(typed):
    assert "30.907,38" in refusal(typed)


def test_the_input_is_a_text_box_with_a_decimal_keyboard_showing_the_value_as_it_is_read():
    class FigureForm(forms.Form):
        value = figure_field()

    html = str(FigureForm(initial={"value": Decimal("30907.38")})["value"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'value="30.907,38"' in html
    # A value from a database that did not quantise it is shown with the column's places.
    html = str(FigureForm(initial={"value": Decimal("5.20000000000000")})["value"])
    assert 'value="5,20"' in html
    # What the user typed is shown back as typed, so a refused value can be corrected.
    bound = FigureForm({"value": "1.234"})
    assert not bound.is_valid()
    assert 'value="1.234"' in str(bound["value"])


def test_a_form_submitted_as_shown_has_not_changed():
    class FigureForm(forms.Form):
        value = figure_field()

    initial = Decimal("30907.38")
    bound = FigureForm({"value": "30.907,38"}, initial={"value": initial})
    assert bound.is_valid() and bound.cleaned_data["value"] == initial
    assert not bound.has_changed()


def test_every_admin_page_types_figures_the_vietnamese_way(rf, admin_user):
    """The Django admin is the last resort, but a figure typed there must not be read
    another way: every decimal in every registered admin and inline is the Vietnamese field."""
    from django.contrib import admin
    from django.db import models

    from thaogo.core.forms import VietnameseDecimalField

    request = rf.get("/admin/")
    request.user = admin_user
    checked = []
    for model_admin in admin.site._registry.values():
        for owner in [model_admin, *model_admin.get_inline_instances(request)]:
            for field in owner.model._meta.fields:
                if isinstance(field, models.DecimalField):
                    form_field = owner.formfield_for_dbfield(field, request=request)
                    checked.append(f"{owner.model.__name__}.{field.name}")
                    assert isinstance(form_field, VietnameseDecimalField), checked[-1]
    assert "Metric.target" in checked and "MetricValue.value" in checked


def test_every_whole_number_input_of_every_form_reads_a_dot_as_a_thousands_group():
    """Django's own IntegerField reads "12.000" as 12; a Vietnamese user means twelve
    thousand. Every integer input a person types into is the Vietnamese field (the hidden
    version field is the form's own bookkeeping)."""
    from thaogo.core.forms import VersionField, VietnameseIntegerField

    checked = {
        f"{form_class.__name__}.{name}": field
        for form_class in project_form_classes()
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.IntegerField)
        and not isinstance(field, VersionField | forms.DecimalField)
    }
    assert {"DocumentForm.number", "ScheduleForm.cutoff_day"} <= set(checked)
    assert [n for n, f in checked.items() if not isinstance(f, VietnameseIntegerField)] == []


@pytest.mark.parametrize(
    ("typed", "value"),
    [("12", 12), ("1.234", None), ("12.000", None), ("1.234.567", 1234567), (" 7 ", 7)],
)
def test_the_whole_number_field_reads_vietnamese_numbers(typed, value):
    from django.core.exceptions import ValidationError

    from thaogo.core.forms import VietnameseIntegerField

    field = VietnameseIntegerField()
    if value is None:
        with pytest.raises(ValidationError):
            field.clean(typed)
    else:
        assert field.clean(typed) == value


@pytest.mark.parametrize("typed", ["1,5", "1.5", "1e3", "abc", "1.2.3"])
def test_the_whole_number_field_refuses_what_is_not_a_whole_number(typed):
    from django.core.exceptions import ValidationError

    from thaogo.core.forms import VietnameseIntegerField

    with pytest.raises(ValidationError):
        VietnameseIntegerField().clean(typed)
