from django import forms
from django.utils.translation import gettext_lazy as _

from thaogo.api.models import TokenScope
from thaogo.core.forms import Form


class TokenForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The program that will use it, e.g. “Provincial dashboard”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
    )
