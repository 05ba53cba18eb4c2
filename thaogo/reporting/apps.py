from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "thaogo.reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from thaogo.core.dataversion import watch
        from thaogo.core.home import register_queue
        from thaogo.core.scoping import register_selector, register_thread_provider
        from thaogo.reporting import queues
        from thaogo.reporting.models import ReportingKind, ReportSubmission
        from thaogo.reporting.selectors import obligations_visible_to, report_thread
        from thaogo.tasks.models import Task
        from thaogo.tasks.story import watch_story

        watch(ReportingKind)  # the kind book is kept under the data's version
        # The task's story shows each submission and its review. (An obligation it shows has
        # a report, which keeps it, and an obligation's period is never edited.)
        watch_story(
            ReportSubmission,
            lambda submission: Task.objects.filter(
                assignments__obligations__report=submission.report_id
            ),
        )
        register_selector("report", obligations_visible_to)
        register_thread_provider(report_thread)
        register_queue("reports_due", queues.reports_due)
        register_queue("reports_returned", queues.reports_returned)
        register_queue("reports_to_review", queues.reports_to_review)
        register_queue("reports_overdue", queues.reports_overdue)
