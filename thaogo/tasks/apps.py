from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "thaogo.tasks"
    verbose_name = _("Tasks and assignments")

    def ready(self) -> None:
        from thaogo.core.home import register_queue
        from thaogo.core.scoping import register_selector
        from thaogo.tasks import queues
        from thaogo.tasks.selectors import tasks_visible_to

        register_selector("task", tasks_visible_to)
        _watch_counted_data()
        register_queue("cadre_tasks", queues.cadre_tasks)
        register_queue("timing_summary", queues.plan_timing)
        register_queue("unit_metrics", queues.unit_metrics)
        register_queue("unit_late_tasks", queues.unit_late_tasks)


def _watch_counted_data() -> None:
    """What the cached timing figures count (tasks.selectors.cached_timing_summary): each
    write to it names a new state of the data, so no figure outlives it."""
    from thaogo.core.dataversion import watch
    from thaogo.documents.models import Plan
    from thaogo.tasks.models import Assignment, Task
    from thaogo.units.models import Unit

    watch(Task, Task.units.through, Assignment, Unit, Plan)  # and the rules (core.apps)
