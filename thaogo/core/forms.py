from django import forms
from django.core.exceptions import ValidationError

from thaogo.core.services import MISSING_VERSION_MESSAGE


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


class ServiceModelForm(DateRangeMixin, forms.ModelForm):
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


class VersionField(forms.IntegerField):
    """The hidden version a form was opened at. Required: without it a stale form could not
    be told from a fresh one, so the form is refused rather than saved over someone else."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        messages = {"required": MISSING_VERSION_MESSAGE, "invalid": MISSING_VERSION_MESSAGE}
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
