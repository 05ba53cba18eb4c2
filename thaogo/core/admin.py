"""What every admin page of Thaogo shares."""

from django import forms
from django.db import models

from thaogo.core.forms import (
    VersionedFormMixin,
    VersionField,
    VietnameseDecimalField,
    VietnameseIntegerField,
)
from thaogo.core.services import lock_for_update

# Figures are typed the Vietnamese way in the admin too ("30.907,38"), as in Thaogo's pages.
VIETNAMESE_NUMBERS = {
    models.DecimalField: {"form_class": VietnameseDecimalField},
    models.IntegerField: {"form_class": VietnameseIntegerField},
    models.PositiveIntegerField: {"form_class": VietnameseIntegerField},
    models.PositiveSmallIntegerField: {"form_class": VietnameseIntegerField},
    models.SmallIntegerField: {"form_class": VietnameseIntegerField},
}


class VersionedAdminForm(VersionedFormMixin, forms.ModelForm):
    """The admin form (or inline form) of a model with a `version` column.

    It carries the version the record was opened at and refuses a save over a newer one, or
    without a version. The admin saves inside one transaction, so the row lock taken while
    checking is held until the save. A saved change moves the version on, so that a form
    opened on Thaogo's pages before it is refused too.
    """

    version = VersionField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:  # a new record, or an inline's empty row
            self.fields["version"].required = False

    def clean(self) -> dict:
        cleaned = super().clean()
        expected = cleaned.get("version")
        if self.instance.pk is not None and expected is not None:
            lock_for_update(self.instance, expected_version=expected)
        return cleaned

    def save(self, commit: bool = True):
        if self.instance.pk is not None and self.has_changed():
            self.instance.version += 1
        return super().save(commit)


class VersionedAdminMixin:
    """For a ModelAdmin or an inline of a model with a `version` column."""

    form = VersionedAdminForm

    def get_exclude(self, request, obj=None):
        # The form's own hidden `version` stands for the model's non-editable column.
        return [*(super().get_exclude(request, obj) or []), "version"]
