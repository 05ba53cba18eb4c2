from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from thaogo.core.ids import parse_id


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text field: a native date picker would follow the browser's locale and
    show mm/dd/yyyy in an English browser. ISO dates (yyyy-mm-dd) are accepted too."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the fields it names."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# Dates a plan, task, report or article can sensibly carry. Python accepts years 1 to 9999,
# which a typo (01/01/0001, 01/01/20244 read as 2024?) would otherwise store.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


class DateRangeMixin:
    """Refuses dates outside EARLIEST_YEAR..LATEST_YEAR on every date field of the form."""

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            is_date = isinstance(field, forms.DateField | forms.DateTimeField)
            if is_date and value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
                # Django's own message, so it is translated.
                self.add_error(name, field.error_messages["invalid"])
        return cleaned


class Form(DateRangeMixin, forms.Form):
    """Thaogo's plain form: its dates stay in a sensible range."""


def _impossible_key(field: forms.ModelChoiceField, value: Any) -> bool:
    """Whether `value` cannot be the key of any row the field offers ("abc", "-1", 40 digits),
    for keys that are integers."""
    if value in field.empty_values or isinstance(value, models.Model):
        return False
    key = (
        field.queryset.model._meta.get_field(field.to_field_name)
        if field.to_field_name
        else field.queryset.model._meta.pk
    )
    while key.is_relation:  # a one-to-one primary key, a foreign key as the key
        key = key.target_field
    return isinstance(key, models.IntegerField) and parse_id(value) is None


class ModelChoiceField(forms.ModelChoiceField):
    """A choice of one row that refuses a value no row can have with the usual "invalid
    choice" message, before any query: SQLite raises OverflowError on an integer past 64 bits,
    and int("²") fails. Such a value is not shown back either, as widgets that look up the
    chosen row (the admin's autocomplete) would query with it."""

    def to_python(self, value: Any) -> Any:
        if _impossible_key(self, value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        return None if _impossible_key(self, value) else super().prepare_value(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows, with the same checks on each value as ModelChoiceField."""

    def clean(self, value: Any) -> Any:
        # Before Django's clean, which hands the values to prepare_value below first. An empty
        # value among the chosen ones is no row either (Django's own message for it has no
        # Vietnamese translation).
        for item in value if isinstance(value, list | tuple) else []:
            if item == "" or _impossible_key(self, item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super().clean(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            value = [item for item in value if not _impossible_key(self, item)]
        return super().prepare_value(value)


def model_choice_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Form fields for a model's fields, with the safe choice fields above for its foreign keys
    and many-to-many fields (ModelForm's and the admin's formfield_callback)."""
    if isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    elif isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    return db_field.formfield(**kwargs)


class _SafeChoicesMetaclass(forms.models.ModelFormMetaclass):
    """Gives every ModelForm built on it the safe choice fields: Django reads the callback
    from each form's own Meta, which a subclass does not inherit unless it asks to."""

    def __new__(mcs, name: str, bases: tuple, attrs: dict) -> type:
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = staticmethod(model_choice_formfield)
        return super().__new__(mcs, name, bases, attrs)


class ServiceModelForm(DateRangeMixin, forms.ModelForm, metaclass=_SafeChoicesMetaclass):
    """A ModelForm that only parses input into cleaned_data: the service validates and saves.

    ModelForm would otherwise run the model's full_clean() on a half-built instance, so each
    rule would be checked twice and its message could land away from its field.
    """

    def _post_clean(self) -> None:
        pass


def form_status(*forms_: forms.BaseForm | None) -> int:
    """The status of a page that shows these forms: 400 once a submitted one has errors.

    A form page re-rendered after an invalid POST is a client error, not a success: browsers
    show it all the same, and clients and tests can tell it from a page that saved.
    """
    # An unbound form only has errors when a service added them, after a POST too.
    return 400 if any(f is not None and f.errors for f in forms_) else 200
