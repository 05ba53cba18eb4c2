from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thaogo.core.forms import DateInput, Form, ServiceModelForm, formfield_for_model_field
from thaogo.reporting.models import (
    Meeting,
    MeetingStatus,
    Report,
    ReportingSchedule,
    ReportMetricValue,
)
from thaogo.units.models import Cadre, Unit


class ReportForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    content = forms.CharField(
        label=_("Proposed way forward"), widget=forms.Textarea(attrs={"rows": 5})
    )
    beyond_authority = forms.BooleanField(label=_("Beyond my authority"), required=False)
    file = forms.FileField(label=_("Attachment"), required=False)


class MeetingCreateForm(Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    held_on = forms.DateField(label=_("Meeting date"), widget=DateInput())


class MeetingForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = [
            "title",
            "held_on",
            "status",
            "attendees",
            "other_attendees",
            "minutes",
            "conclusion",
        ]
        widgets = {
            "held_on": DateInput(),
            "attendees": forms.SelectMultiple(attrs={"size": 8}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
            "other_attendees": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["status"].choices = MeetingStatus.choices
        self.fields["attendees"].required = False


class DirectiveForm(Form):
    text = forms.CharField(label=_("Directive"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_cadre = forms.ModelChoiceField(
        label=_("Responsible cadre"), queryset=Cadre.objects.filter(is_active=True)
    )
    responsible_unit = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.all(), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())


class DirectiveCompleteForm(Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))


class ScheduleForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
