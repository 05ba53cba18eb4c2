from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thaogo.core.forms import (
    DateInput,
    Form,
    ModelChoiceField,
    ServiceModelForm,
    VersionedFormMixin,
    VersionField,
)
from thaogo.core.ids import parse_id
from thaogo.documents.models import Document, Plan
from thaogo.tasks.models import (
    AssignmentRole,
    Category,
    Metric,
    MetricValue,
    Task,
    UnitOfMeasure,
)
from thaogo.tasks.selectors import next_task_code
from thaogo.units.models import Cadre, Unit


class TaskForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = Task
        fields = [
            "plan",
            "code",
            "title",
            "description",
            "category",
            "is_hard",
            "is_new",
            "is_backlogged",
            "is_complex",
            "units",
            "start_date",
            "deadline",
            "priority",
            "status",
            "completed_on",
            "result_summary",
        ]
        widgets = {
            "start_date": DateInput(),
            "deadline": DateInput(),
            "completed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "result_summary": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "category": {"invalid_choice": _("Unknown category.")},
            "plan": {"invalid_choice": _("Unknown plan.")},
        }

    def __init__(self, *args: Any, plans: Any = None, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans if plans is not None else Plan.objects.all()
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["units"].queryset = units if units is not None else Unit.objects.all()
        self.fields["units"].required = False
        if self.instance.pk:
            self.fields["plan"].disabled = True
        else:
            del self.fields["version"]
            self._propose_plan_and_code()

    def _propose_plan_and_code(self) -> None:
        """A new task: the only plan there is, and the next free number in the plan."""
        plans = self.fields["plan"].queryset
        if "plan" not in self.initial and len(only := list(plans[:2])) == 1:
            self.initial["plan"] = only[0].pk
        plan = plans.filter(pk=parse_id(self.initial.get("plan"))).first()
        if plan is not None and "code" not in self.initial:
            self.initial["code"] = next_task_code(plan)


class AssignmentForm(Form):
    cadre = ModelChoiceField(
        label=_("Cadre"),
        queryset=Cadre.objects.filter(is_active=True),
        error_messages={"invalid_choice": _("Unknown cadre.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=AssignmentRole.choices)
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    decision = ModelChoiceField(
        label=_("Deciding document"),
        queryset=Document.objects.select_related("doc_type", "issuer"),
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReassignLeadForm(Form):
    cadre = ModelChoiceField(
        label=_("New lead cadre"),
        queryset=Cadre.objects.filter(is_active=True),
        error_messages={"invalid_choice": _("Unknown cadre.")},
    )
    start_date = forms.DateField(label=_("Takes over on"), widget=DateInput())
    decision = ModelChoiceField(
        label=_("Deciding document"),
        queryset=Document.objects.select_related("doc_type", "issuer"),
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class AssignmentEndForm(VersionedFormMixin, Form):
    version = VersionField()
    end_date = forms.DateField(label=_("Ends on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MetricForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = Metric
        fields = ["name", "unit", "baseline", "target", "target_date", "order"]
        widgets = {"target_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        # Units no longer in use are not offered, except the one the metric has.
        current = self.instance.unit_id if self.instance.pk else None
        self.fields["unit"].queryset = UnitOfMeasure.objects.filter(
            Q(is_active=True) | Q(code=current)
        )
        if not self.instance.pk:
            del self.fields["version"]

    def clean_order(self) -> int:
        return self.cleaned_data.get("order") or 0


class MetricValueForm(ServiceModelForm):
    class Meta:
        model = MetricValue
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": DateInput()}


class DeadlineChangeForm(VersionedFormMixin, Form):
    version = VersionField()
    new_deadline = forms.DateField(label=_("New deadline"), widget=DateInput())
    effective_on = forms.DateField(label=_("Effective from"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = ModelChoiceField(
        label=_("Deciding document"),
        queryset=Document.objects.select_related("doc_type", "issuer"),
        required=False,
    )
