from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thaogo.core.forms import (
    ServiceModelForm,
    VersionedFormMixin,
    VersionField,
    formfield_for_model_field,
)
from thaogo.reporting.models import Report, ReportingSchedule, ReportMetricValue


class ReportForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = Report
        fields = ["results", "difficulties", "causes", "next_steps", "self_assessed_progress"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["results", "difficulties", "causes", "next_steps"]
        }

    def __init__(self, *args: Any, metrics: list | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["self_assessed_progress"].widget.attrs.update({"min": 0, "max": 100})
        self.fields["version"].initial = self.instance.version
        self.metrics = metrics or []
        value_field = ReportMetricValue._meta.get_field("value")
        for metric in self.metrics:
            # The digits and places of the stored value, typed the Vietnamese way.
            self.fields[f"metric_{metric.pk}"] = formfield_for_model_field(
                value_field,
                label=f"{metric.name} ({metric.get_unit_display()})",
                required=False,
                initial=getattr(metric, "reported_value", None),
            )

    def metric_values(self) -> dict[int, Any]:
        return {m.pk: self.cleaned_data.get(f"metric_{m.pk}") for m in self.metrics}

    def text_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for revision"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class ScheduleForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = ReportingSchedule
        fields = [
            "monthly",
            "quarterly",
            "half_yearly",
            "nine_monthly",
            "yearly",
            "cutoff_day",
            "due_working_days",
        ]
