from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thaogo.core.forms import (
    DateInput,
    Form,
    ModelMultipleChoiceField,
    VersionedFormMixin,
    VersionField,
    VietnameseDecimalField,
    VietnameseIntegerField,
)
from thaogo.evaluation.models import QuotaRounding, Rating, RoundKind, RuleSet
from thaogo.lib.numbers import NumberError, format_number, parse_number
from thaogo.units.models import Cadre


def _points_field(label: Any, **kwargs: Any) -> VietnameseDecimalField:
    return VietnameseDecimalField(
        label=label, max_digits=5, decimal_places=2, min_value=Decimal(0), **kwargs
    )


def _whole(label: Any, *, maximum: int = 1000, minimum: int = 0) -> VietnameseIntegerField:
    return VietnameseIntegerField(label=label, min_value=minimum, max_value=maximum)


def criteria_text(criteria: list[dict]) -> str:
    return "\n".join(
        f"{item['name']} | {format_number(Decimal(str(item['max'])), None)}" for item in criteria
    )


class RuleSetForm(VersionedFormMixin, Form):
    version = VersionField()
    name = forms.CharField(label=_("Name"), max_length=200)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    effective_from = forms.DateField(label=_("Effective from"), widget=DateInput())
    general_points = _whole(_("General criteria points"), maximum=100)
    task_points = _whole(_("Task result points"), maximum=100)
    criteria = forms.CharField(
        label=_("General criteria"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("One per line: the criterion, a vertical bar, its maximum points."),
    )
    excellent_min = _points_field(_("Excellent from (points)"))
    good_min = _points_field(_("Good from (points)"))
    fulfilled_min = _points_field(_("Fulfilled from (points)"))
    excellent_needs_all_on_time = forms.BooleanField(
        label=_("Excellent needs every item on time"), required=False
    )
    excellent_beyond_percent = _whole(_("Excellent needs results beyond requirement by (%)"))
    good_needs_all_on_time = forms.BooleanField(
        label=_("Good needs every item on time"), required=False
    )
    disciplined_cap = forms.ChoiceField(
        label=_("Highest rating for a cadre disciplined in the period"), choices=Rating.choices
    )
    late_deduction_percent = _whole(_("Deduction per late item (%)"), maximum=100)
    lead_weight = _whole(_("Weight of a task led"), maximum=100, minimum=1)
    support_weight = _whole(_("Weight of a task supported"), maximum=100, minimum=1)
    metric_weight = _whole(_("Weight of a metric"), maximum=100, minimum=1)
    report_weight = _whole(_("Weight of a report"), maximum=100, minimum=1)
    directive_weight = _whole(_("Weight of a directive"), maximum=100, minimum=1)
    quota_percent = _whole(
        _("Excellent at most (percentage of those rated good or above)"), maximum=100
    )
    quota_rounding = forms.ChoiceField(label=_("Quota rounding"), choices=QuotaRounding.choices)

    def __init__(
        self,
        *args: Any,
        instance: RuleSet | None = None,
        copy_of: RuleSet | None = None,
        **kwargs: Any,
    ) -> None:
        """Edit `instance`, or create a rule set starting from a copy of `copy_of`."""
        source = instance or copy_of
        if source is not None and "initial" not in kwargs:
            initial = {name: getattr(source, name) for name in self.base_fields}
            initial["criteria"] = criteria_text(source.criteria)
            kwargs["initial"] = initial
        super().__init__(*args, version=instance.version if instance else None, **kwargs)
        if instance is None:
            del self.fields["version"]

    def clean_criteria(self) -> list[dict]:
        items = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            name, bar, points = line.rpartition("|")
            if not bar or not name.strip():
                raise ValidationError(_("Write each line as: criterion | maximum points."))
            try:
                maximum = parse_number(points.strip(), max_digits=5, decimal_places=2)
            except NumberError:
                raise ValidationError(
                    _("“%(points)s” is not a number of points."), params={"points": points}
                ) from None
            if maximum <= 0:
                raise ValidationError(_("Each criterion's maximum must be above 0."))
            items.append({"name": name.strip()[:200], "max": str(maximum)})
        if not items:
            raise ValidationError(_("Give at least one criterion."))
        return items


class RoundForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Period kind"), choices=RoundKind.choices)
    period_start = forms.DateField(label=_("Period start"), widget=DateInput())
    period_end = forms.DateField(label=_("Period end"), widget=DateInput())
    group_name = forms.CharField(
        label=_("Evaluated group"),
        max_length=200,
        help_text=_("The quota counts within this group, e.g. the 17 cadres of Plan 164."),
    )
    cadres = ModelMultipleChoiceField(label=_("Cadres"), queryset=Cadre.objects.none())
    self_assessment_deadline = forms.DateField(
        label=_("Self-assessment deadline"), widget=DateInput()
    )

    def __init__(self, *args: Any, cadres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadres"].queryset = cadres


class SelfAssessmentForm(VersionedFormMixin, Form):
    version = VersionField()
    comment = forms.CharField(
        label=_("Comments"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )

    def __init__(self, *args: Any, criteria: list[dict], points: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for index, criterion in enumerate(criteria):
            maximum = Decimal(str(criterion["max"]))
            self.fields[f"point_{index}"] = _points_field(
                f"{criterion['name']} ({format_number(maximum, None)})", max_value=maximum
            )
            if index < len(points):
                self.fields[f"point_{index}"].initial = Decimal(str(points[index]))
        self.order_fields([*(f"point_{i}" for i in range(len(criteria))), "comment"])

    def points(self) -> list[Decimal]:
        return [self.cleaned_data[f"point_{index}"] for index in range(len(self.criteria))]


class ProposalForm(VersionedFormMixin, Form):
    version = VersionField()
    general_points = _points_field(_("General criteria points"))
    task_points = _points_field(_("Task result points"))
    beyond_percent = VietnameseDecimalField(
        label=_("Results beyond requirement (%)"),
        max_digits=7,
        decimal_places=2,
        required=False,
        help_text=_("Computed from the metrics; change it only with a justification."),
    )
    rating = forms.ChoiceField(label=_("Proposed rating"), choices=Rating.choices)
    disciplined = forms.BooleanField(label=_("Disciplined in the period"), required=False)
    discipline_note = forms.CharField(
        label=_("Discipline decision"), max_length=300, required=False
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text=_("Required where the proposal departs from the computed suggestion."),
    )


class ApproveForm(Form):
    version = VersionField()


class ReopenForm(Form):
    version = VersionField()
    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
