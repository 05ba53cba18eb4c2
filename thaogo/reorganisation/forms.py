from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thaogo.core.forms import DateInput, Form, ModelMultipleChoiceField
from thaogo.units.models import ReorganisationKind, Unit


class ReorganisationForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReorganisationKind.choices)
    effective_on = forms.DateField(label=_("Effective from"), widget=DateInput())
    decision = forms.CharField(
        label=_("Deciding document"),
        max_length=120,
        help_text=_("Number and symbol of the decision, e.g. 1669/NQ-UBTVQH15."),
    )
    predecessors = ModelMultipleChoiceField(label=_("Former units"), queryset=Unit.objects.none())
    successors = ModelMultipleChoiceField(
        label=_("Successor units"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_(
            "A merge has one successor, a split several (staff go to the first); a rename none."
        ),
    )
    new_name = forms.CharField(
        label=_("New name"), max_length=200, required=False, help_text=_("Only for a rename.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Unit.objects.filter(is_active=True).order_by("path")
        self.fields["predecessors"].queryset = active
        self.fields["successors"].queryset = active
