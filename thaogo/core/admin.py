"""What every admin page of Thaogo shares.

The project's admin site: every ModelAdmin registered on it, Django's own (users, groups)
and django-axes' included, is given the same defences as Thaogo's own pages, in this one
place (see AdminConfig in thaogo/core/apps.py):

- rows are chosen through the safe choice fields (thaogo/core/forms.py), which refuse an id no
  row can have before any query, in the forms, their inlines and autocomplete widgets;
- an address with an id no row can have is "not found", in django-simple-history's pages too,
  and so is an empty "?_to_field=";
- a date outside the years Thaogo's own forms take is refused, as there;
- a search term is cut to what the app's own searches take (SQLite refuses a LIKE pattern
  of 50,000 bytes), and a date filter out of any calendar is a bad filter, not an error;
- django-simple-history's "revert" form answers 400 when it has errors, as every form does;
- an inline takes at most INLINE_ROWS rows, whatever count the form claims.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from thaogo.core.forms import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    ModelChoiceField,
    ModelMultipleChoiceField,
    VersionedFormMixin,
    VersionField,
    VietnameseDecimalField,
    VietnameseIntegerField,
)
from thaogo.core.ids import parse_id
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


SEARCH_TERM_LIMIT = 200  # as the app's own searches
INLINE_ROWS = 100  # rows of one inline an administrator may send at once

SAFE_CHOICE_OVERRIDES = {
    models.ForeignKey: {"form_class": ModelChoiceField},
    models.OneToOneField: {"form_class": ModelChoiceField},
    models.ManyToManyField: {"form_class": ModelMultipleChoiceField},
}


def _with_safe_choices(overrides: dict) -> dict:
    merged = {key: dict(value) for key, value in overrides.items()}
    for db_field, options in SAFE_CHOICE_OVERRIDES.items():
        merged.setdefault(db_field, {}).update(options)
    return merged


def _in_sensible_years(value: Any) -> None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        # Django's own message, so it is translated. A year such as 0001 would otherwise
        # overflow when the time is moved to UTC to be stored.
        raise ValidationError(forms.DateField.default_error_messages["invalid"], code="invalid")


def _with_sensible_years(formfield: Any) -> Any:
    if isinstance(formfield, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField):
        formfield.validators.append(_in_sensible_years)
    return formfield


def _can_be_key(field: models.Field, value: str) -> bool:
    while field.is_relation:
        field = field.target_field
    if isinstance(field, models.IntegerField):
        return parse_id(value) is not None
    try:
        field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class SafeChangeList(ChangeList):
    def get_filters(self, request: HttpRequest) -> Any:
        try:
            return super().get_filters(request)
        except OverflowError as error:  # ?date__year=99999999999999999999
            raise IncorrectLookupParameters(error) from error


class HardenedAdmin:
    """Mixed into every ModelAdmin the site registers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.formfield_overrides = _with_safe_choices(self.formfield_overrides)

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest, **kwargs: Any):
        return _with_sensible_years(super().formfield_for_dbfield(db_field, request, **kwargs))

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        changelist = super().get_changelist(request, **kwargs)
        if changelist is ChangeList:
            return SafeChangeList
        return changelist

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        # "?_to_field=" (empty) would look for a field named "".
        return super().get_object(request, object_id, from_field or None)

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> Any:
        return super().get_search_results(request, queryset, search_term[:SEARCH_TERM_LIMIT])

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if not _can_be_key(self.opts.pk, unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)


class HardenedInline:
    """Mixed into every inline of those model admins."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.formfield_overrides = _with_safe_choices(self.formfield_overrides)

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest, **kwargs: Any):
        return _with_sensible_years(super().formfield_for_dbfield(db_field, request, **kwargs))

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        # Django builds as many rows as the form's TOTAL_FORMS says, up to max_num + 1000:
        # a forged count would make it build and render two thousand forms.
        limit = self.get_max_num(request, obj, **kwargs)
        kwargs.setdefault("max_num", INLINE_ROWS if limit is None else min(limit, INLINE_ROWS))
        kwargs.setdefault("absolute_max", INLINE_ROWS)
        return super().get_formset(request, obj, **kwargs)


class HardenedHistoryAdmin(HardenedAdmin):
    """django-simple-history's pages of one version, with the same defences."""

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if not _can_be_key(self.opts.pk, unquote(object_id)) or parse_id(version_id) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_history_view(
        self, request: HttpRequest, template: str, context: dict, **kwargs: Any
    ) -> HttpResponse:
        # A TemplateResponse, so that thaogo.core.middleware can tell a form with errors.
        return TemplateResponse(request, template, context, **kwargs)


def _hardened(cls: type, mixin: type, **attributes: Any) -> type:
    if issubclass(cls, mixin) and not attributes:
        return cls
    names = {"__module__": cls.__module__, "__qualname__": cls.__qualname__, **attributes}
    bases = (cls,) if issubclass(cls, mixin) else (mixin, cls)
    return type(cls.__name__, bases, names)


class AdminSite(admin.AdminSite):
    # Django's own titles name Django ("Trang quản trị cho Django"); this admin is Thaogo's.
    site_header = gettext_lazy("Thaogo administration")
    site_title = gettext_lazy("Thaogo administration")
    index_title = gettext_lazy("Administration")

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        mixin = (
            HardenedHistoryAdmin if issubclass(admin_class, SimpleHistoryAdmin) else HardenedAdmin
        )
        inlines = [_hardened(inline, HardenedInline) for inline in admin_class.inlines]
        admin_class = _hardened(admin_class, mixin, inlines=inlines)
        super().register(model_or_iterable, admin_class, **options)


def _register_deadline_rules() -> None:
    from thaogo.core.models import DeadlineRule

    @admin.register(DeadlineRule)
    class DeadlineRuleAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
        list_display = [
            "valid_from",
            "near_due_days",
            "first_reminder_days",
            "second_reminder_days",
            "last_reminder_days",
            "due_soon_days",
            "first_report_grace_days",
        ]


_register_deadline_rules()
