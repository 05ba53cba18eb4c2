from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from thaogo.accounts.models import Profile, Role
from thaogo.core.forms import (
    DateInput,
    Form,
    ModelChoiceField,
    ServiceModelForm,
    VersionedFormMixin,
    VersionField,
    VietnameseDecimalField,
    VietnameseIntegerField,
)
from thaogo.core.models import DeadlineRule
from thaogo.documents.models import DocumentType
from thaogo.portal.models import ResolutionTarget, TargetYear
from thaogo.registry.services import (
    COMMITTEE_TERMS,
    DEADLINE_RULES,
    MAKE_UP_DAYS,
    UNITS_OF_MEASURE,
)
from thaogo.reporting.models import Holiday, ReportingKind, SwappedWorkingDay
from thaogo.tasks.models import UnitOfMeasure
from thaogo.units.models import Cadre, CommitteeTerm, Unit, UnitKind

USERNAME_HELP = _("Letters, digits and . _ - only. A set-password link is e-mailed to the owner.")


class UsernameField(forms.RegexField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            regex=r"^[A-Za-z0-9._-]{2,150}$",
            max_length=150,
            error_messages={"invalid": USERNAME_HELP},
            **kwargs,
        )


class CadreForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()
    username = UsernameField(
        label=_("Create a login account with the user name"),
        required=False,
        help_text=USERNAME_HELP,
    )

    class Meta:
        model = Cadre
        fields = [
            "full_name",
            "date_of_birth",
            "unit",
            "committee_membership",
            "planned_position",
            "planning_term",
            "planning_decision",
            "email",
            "phone",
            "is_active",
        ]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True)
        if not self.instance.pk:
            del self.fields["version"]
            del self.fields["is_active"]
        if self.instance.user_id:
            del self.fields["username"]


class PositionForm(Form):
    title = forms.CharField(label=_("Position title"), max_length=200)
    unit = ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(is_active=True))
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("To"), required=False, widget=DateInput())


class PositionEndForm(Form):
    end_date = forms.DateField(label=_("To"), widget=DateInput())


class UserCreateForm(Form):
    username = UsernameField(label=_("User name"), help_text=USERNAME_HELP)
    first_name = forms.CharField(label=_("Middle and first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = ModelChoiceField(
        label=_("Unit scope"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        help_text=Profile._meta.get_field("unit").help_text,
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("role") == Role.UNIT_STAFF and not cleaned.get("unit"):
            self.add_error("unit", _("Unit staff must belong to a unit."))
        return cleaned


class UserEditForm(VersionedFormMixin, Form):
    version = VersionField()
    first_name = forms.CharField(label=_("Middle and first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = ModelChoiceField(
        label=_("Unit scope"),
        queryset=Unit.objects.all(),
        required=False,
        help_text=Profile._meta.get_field("unit").help_text,
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A deactivated user can no longer sign in; their history stays."),
    )

    @staticmethod
    def initial_for(user: User) -> dict:
        profile = getattr(user, "profile", None)
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "role": profile.role if profile else Role.ADMINISTRATOR if user.is_superuser else "",
            "unit": profile.unit_id if profile else None,
            "is_active": user.is_active,
        }


class UnitForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "parent",
            "kind",
            "issuer_code",
            "document_style",
            "numbering_series",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = UnitKind.objects.all()
        parents = Unit.objects.all()
        if self.instance.pk:  # not under itself or its own sub-units
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        if not self.instance.pk:
            del self.fields["version"]
            del self.fields["is_active"]


class TargetForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = ResolutionTarget
        fields = ["group", "order", "name", "unit", "direction", "term_target"]


class TargetYearForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = TargetYear
        fields = ["planned", "actual"]


class TargetYearAddForm(Form):
    year = VietnameseIntegerField(label=_("Year"), min_value=1900, max_value=2100)
    planned = VietnameseDecimalField(
        label=_("Target for the year"), max_digits=14, decimal_places=2, required=False
    )
    actual = VietnameseDecimalField(
        label=_("Actual"), max_digits=14, decimal_places=2, required=False
    )


class HolidayForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = Holiday
        fields = ["date", "name", "kind", "compensates", "legal_source"]
        widgets = {"date": DateInput(), "compensates": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]


class DocumentTypeForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = DocumentType
        fields = [
            "system",
            "code",
            "name",
            "number_form",
            "valid_from",
            "valid_until",
            "legal_basis",
            "order",
        ]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if not self.instance.pk:
            del self.fields["version"]

    def clean_order(self) -> int:
        return self.cleaned_data.get("order") or 0


class ReportingKindForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = ReportingKind
        fields = [
            "code",
            "name",
            "span_months",
            "last_months",
            "label_pattern",
            "precedence",
            "is_default",
            "valid_from",
            "valid_until",
            "legal_basis",
        ]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Report obligations already made carry the code.
            del self.fields["code"]
        else:
            del self.fields["version"]


class RuleForm(VersionedFormMixin, ServiceModelForm):
    """An edit form of one of the administrator's rule registers: the version it was opened
    at goes back with it; a creation form has none."""

    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]


class DeadlineRuleForm(RuleForm):
    class Meta:
        model = DeadlineRule
        fields = list(DEADLINE_RULES.fields)
        widgets = {"valid_from": DateInput()}


class UnitOfMeasureForm(RuleForm):
    class Meta:
        model = UnitOfMeasure
        fields = [*UNITS_OF_MEASURE.fixed, *UNITS_OF_MEASURE.fields]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if self.instance.pk:  # metrics and their history name the unit by its code
            del self.fields["code"]

    def clean_order(self) -> int:
        return self.cleaned_data.get("order") or 0


class SwappedWorkingDayForm(RuleForm):
    class Meta:
        model = SwappedWorkingDay
        fields = list(MAKE_UP_DAYS.fields)
        widgets = {"date": DateInput(), "in_place_of": DateInput()}


class CommitteeTermForm(RuleForm):
    class Meta:
        model = CommitteeTerm
        fields = list(COMMITTEE_TERMS.fields)
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(issuer_code__gt="")


class ImportUploadForm(Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class ImportConfirmForm(Form):
    only_valid = forms.BooleanField(label=_("Import only the valid rows"), required=False)
