from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thaogo.core.forms import (
    DateInput,
    Form,
    ServiceModelForm,
    VersionedFormMixin,
    VersionField,
    VietnameseIntegerField,
    formfield_for_model_field,
)
from thaogo.reporting.models import (
    PeriodReport,
    Report,
    ReportingKind,
    ReportingSchedule,
    ReportMetricValue,
)


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


class PeriodReportForm(VersionedFormMixin, ServiceModelForm):
    """The general section of a cadre's period report."""

    version = VersionField()

    class Meta:
        model = PeriodReport
        fields = ["general"]
        widgets = {"general": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "general": _(
                "The overall picture across your tasks: what went well, what is stuck, and "
                "what you propose."
            )
        }


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your contribution"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in the lead cadre's report under your name."),
    )


class ReviewForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for revision"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    revision_due_on = forms.DateField(
        label=_("Revise by"),
        widget=DateInput(),
        required=False,
        help_text=_("When returned: the date the revised report is due (dd/mm/yyyy)."),
    )

    # Which submission the reviewer read: a decision on an older one is refused.
    submission = VietnameseIntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=10_000
    )

    def __init__(
        self, *args: Any, revision_due_default: Any = None, submission: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["revision_due_on"].initial = revision_due_default
        self.fields["submission"].initial = submission


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class ScheduleForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

    class Meta:
        model = ReportingSchedule
        fields = [
            "kinds",
            "cutoff_day",
            "due_working_days",
            "revision_working_days",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = self.fields["kinds"]
        kinds.error_messages["required"] = _("Choose at least one reporting period.")
        kinds.label_from_instance = kind_choice_label


def kind_choice_label(kind: ReportingKind) -> str:
    """ "Hằng tháng (01/01/2026 – 31/12/2030)": the kind, and its dates when they matter."""
    if kind.valid_until:
        return _("%(name)s (%(start)s – %(end)s)") % {
            "name": kind.name,
            "start": f"{kind.valid_from:%d/%m/%Y}",
            "end": f"{kind.valid_until:%d/%m/%Y}",
        }
    return _("%(name)s (from %(start)s)") % {
        "name": kind.name,
        "start": f"{kind.valid_from:%d/%m/%Y}",
    }
