from django import forms
from django.utils.translation import gettext_lazy as _

from thaogo.notifications.models import NotificationKind

IN_APP, BY_EMAIL = "app", "email"


class PreferencesForm(forms.Form):
    """One choice per kind of notice: in the app only, or in the app and by e-mail."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=[(IN_APP, _("In the app only")), (BY_EMAIL, _("In the app and by e-mail"))],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how to receive this notice."),
                    "invalid_choice": _("Choose one of the two ways offered."),
                },
            )

    @classmethod
    def initial_from(cls, preferences: dict[str, bool]) -> dict[str, str]:
        return {kind: BY_EMAIL if email else IN_APP for kind, email in preferences.items()}

    def email_choices(self) -> dict[str, bool]:
        return {kind: choice == BY_EMAIL for kind, choice in self.cleaned_data.items()}
