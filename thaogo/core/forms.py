from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from thaogo.core.ids import parse_id
from thaogo.core.services import MISSING_VERSION_MESSAGE
from thaogo.lib.numbers import NumberError, format_number, parse_number, quantize


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text field: a native date picker would follow the browser's locale and
    show mm/dd/yyyy in an English browser. ISO dates (yyyy-mm-dd) are accepted too.

    static/thaogo/forms.js adds a calendar button beside it (`data-date-picker` is its label),
    which writes the chosen day into the field as dd/mm/yyyy; typing still works."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-date-picker": _("Choose a date"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class CheckboxChoices(forms.CheckboxSelectMultiple):
    """Several rows chosen by ticking them, not by Ctrl-clicking a list box. forms.js puts a
    box above the list that filters it as one types; without script the list is plain."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "checkbox-choices", **(attrs or {})}, choices=choices)


class DecimalInput(forms.TextInput):
    """A text box for a decimal, shown the way VietnameseDecimalField reads it ("30.907,38").

    Not <input type="number">: that cannot hold the decimal comma, and the browser would
    show and send the number in its own locale's format.
    """

    def __init__(self, attrs: dict | None = None, decimal_places: int | None = None) -> None:
        defaults = {"inputmode": "decimal", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})})
        self.decimal_places = decimal_places

    def format_value(self, value: Any) -> str | None:
        # A string is what the user typed (re-shown as is after an error); a number is a value
        # from the database or an initial, written with the field's places so that the form
        # submitted unchanged reads back the same value.
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_number(value, self.decimal_places)
        return super().format_value(value)


class VietnameseDecimalField(forms.DecimalField):
    """A decimal typed the Vietnamese way: a comma before the decimals, dots between groups of
    three digits ("30.907,38", "36120,5", "5"). What could be read two ways ("1.234") or is
    not a number written that way ("5.2", "1,2,3", "1e5", "NaN") is refused with a message that
    says how to write it, never guessed."""

    widget = DecimalInput
    default_error_messages = {
        "invalid": _(
            "Enter a number the Vietnamese way, e.g. 30.907,38: a comma before the decimals "
            "and a dot between groups of three digits."
        ),
        "dot_decimal": _("The decimal mark is a comma: write “%(suggestion)s”."),
        "ambiguous": _(
            "“%(value)s” can be read two ways. For the whole number write “%(grouped)s” or "
            "“%(whole)s”; decimals come after a comma."
        ),
        "ambiguous_whole": _(
            "“%(value)s” can be read two ways: for the whole number write “%(whole)s”."
        ),
        "max_places": _("At most %(max)s digits after the decimal comma."),
        "max_whole_digits": _("At most %(max)s digits before the decimal comma."),
        "no_places": _("Enter a whole number, without decimals."),
    }

    def __init__(
        self, *, max_digits: int | None = None, decimal_places: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        self.widget.decimal_places = decimal_places

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            # An initial value, e.g. from a database that did not quantise it.
            places = self.decimal_places
            return quantize(value, places) if places is not None else Decimal(value)
        if not isinstance(value, str):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parse_number(
                value, max_digits=self.max_digits, decimal_places=self.decimal_places
            )
        except NumberError as error:
            code, params = error.code, error.params
            if code == "max_places" and params["max"] == 0:
                code = "no_places"
            if code == "ambiguous" and not self.decimal_places:
                code = "ambiguous_whole"
            elif code == "ambiguous":
                # The same number with its decimals shown cannot be misread: "1.234,00".
                whole = Decimal(params["whole"])
                params = {**params, "grouped": format_number(whole, self.decimal_places)}
            raise ValidationError(self.error_messages[code], code=code, params=params) from None


class VietnameseIntegerField(forms.IntegerField):
    """A whole number typed the Vietnamese way: "1.234" or "1234". Django's own field reads
    "12.000" as 12 (it drops a trailing ".000"), which a Vietnamese user means as twelve
    thousand; here a dot only groups thousands, and what could be read two ways is refused."""

    default_error_messages = {
        "invalid": _("Enter a whole number, e.g. 1234 or 1.234."),
        "dot_decimal": _("Enter a whole number, without decimals."),
        "ambiguous": _("“%(value)s” can be read two ways: for the whole number write “%(whole)s”."),
        "max_places": _("Enter a whole number, without decimals."),
        "max_whole_digits": _("Enter a whole number, without decimals."),
    }

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if not isinstance(value, str):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            number = parse_number(value, max_digits=19, decimal_places=0)
        except NumberError as error:
            raise ValidationError(
                self.error_messages[error.code], code=error.code, params=error.params
            ) from None
        return int(number)


def formfield_for_model_field(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """The form field of a model field in Thaogo's model forms: decimals are typed the
    Vietnamese way, and rows are chosen through the safe choice fields below."""
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", VietnameseDecimalField)
    elif isinstance(db_field, models.IntegerField) and not isinstance(db_field, models.AutoField):
        kwargs.setdefault("form_class", VietnameseIntegerField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    elif isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    return db_field.formfield(**kwargs)


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
            is_date = isinstance(
                field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField
            )
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
    """A choice of several rows, with the same checks on each value as ModelChoiceField,
    shown as checkboxes to tick."""

    widget = CheckboxChoices

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


class ServiceModelForm(DateRangeMixin, forms.ModelForm):
    """A ModelForm that only parses input into cleaned_data: the service validates and saves.

    ModelForm would otherwise run the model's full_clean() on a half-built instance, so each
    rule would be checked twice and its message could land away from its field.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # ModelFormMetaclass reads Meta.formfield_callback right after this runs, and a
        # subclass's own Meta does not inherit it, so each one is given it here.
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(formfield_for_model_field)
        super().__init_subclass__(**kwargs)

    def _post_clean(self) -> None:
        pass


def form_status(*forms_: forms.BaseForm | None) -> int:
    """The status of a page that shows these forms: 400 once a submitted one has errors.

    A form page re-rendered after an invalid POST is a client error, not a success: browsers
    show it all the same, and clients and tests can tell it from a page that saved.
    """
    # An unbound form only has errors when a service added them, after a POST too.
    return 400 if any(f is not None and f.errors for f in forms_) else 200


class VersionField(forms.IntegerField):
    """The hidden version a form was opened at. Required: without it a stale form could not
    be told from a fresh one, so the form is refused rather than saved over someone else."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        messages = {"required": MISSING_VERSION_MESSAGE, "invalid": MISSING_VERSION_MESSAGE}
        # The admin writes a hidden field's label into the page too.
        kwargs.setdefault("label", _("record version"))
        super().__init__(required=True, min_value=1, error_messages=messages, **kwargs)
        self.error_messages["min_value"] = MISSING_VERSION_MESSAGE


class VersionedFormMixin:
    """A form with a `version = VersionField()`: its initial value is the instance's version
    (or `version=` given to the form), and its errors show at the top of the form, since the
    field itself is hidden."""

    def __init__(self, *args, version: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if version is None and instance is not None and instance.pk:
            version = instance.version
        self.fields["version"].initial = version

    def clean(self) -> dict:
        cleaned = super().clean()
        for error in self._errors.pop("version", []):
            self.add_error(None, error)
        return cleaned
