from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notices, their e-mail copies, reminders and the private calendar feed."""

    name = "thaogo.notifications"
    verbose_name = _("Notifications")
