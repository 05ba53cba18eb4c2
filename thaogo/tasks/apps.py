from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "thaogo.tasks"
    verbose_name = _("Tasks and assignments")

    def ready(self) -> None:
        from thaogo.core.scoping import register_selector
        from thaogo.tasks.selectors import tasks_visible_to

        register_selector("task", tasks_visible_to)
