from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    """A browser date picker; the value travels as ISO, the page shows dd/mm/yyyy."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the fields it names."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that only parses input: the service validates and saves.

    Skipping the model's own unique and constraint checks here keeps each rule's message
    in one place (the service), instead of two differently worded copies.
    """

    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass
