from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thaogo.core.forms import (
    DateInput,
    Form,
    ModelChoiceField,
    ServiceModelForm,
    VersionedFormMixin,
    VersionField,
)
from thaogo.direction.models import Meeting, MeetingStatus
from thaogo.units.models import Cadre, Unit


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


class MeetingForm(VersionedFormMixin, ServiceModelForm):
    version = VersionField()

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
            "minutes": forms.Textarea(attrs={"rows": 5}),
            "other_attendees": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = MeetingStatus.choices
        self.fields["attendees"].required = False


class DirectiveForm(Form):
    text = forms.CharField(label=_("Directive"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_cadre = ModelChoiceField(
        label=_("Responsible cadre"), queryset=Cadre.objects.filter(is_active=True)
    )
    responsible_unit = ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.all(), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())


class DirectiveCompleteForm(Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))


class DirectiveCreateForm(DirectiveForm):
    """A directive recorded from the task's page: from a meeting that was held or from a
    document (a notice of conclusions, say), in answer to a proposal or unasked."""

    meeting = ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("A meeting of the Standing Committee that has been held."),
    )
    source_document = ModelChoiceField(
        label=_("Source document"),
        queryset=None,
        required=False,
        help_text=_(
            "Or the document that gives the directive, such as a notice of conclusions "
            "signed by the standing members."
        ),
    )
    proposal = ModelChoiceField(label=_("In answer to the proposal"), queryset=None, required=False)

    field_order = ["text", "meeting", "source_document", "proposal"]

    def __init__(self, *args: Any, meetings: Any, documents: Any, proposals: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["source_document"].queryset = documents
        self.fields["proposal"].queryset = proposals
