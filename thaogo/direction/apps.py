from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectionConfig(AppConfig):
    """What the Standing Committee decides: proposals, meetings and directives."""

    name = "thaogo.direction"
    verbose_name = _("Direction")

    def ready(self) -> None:
        from thaogo.core.dataversion import watch
        from thaogo.core.home import register_queue
        from thaogo.core.scoping import register_selector, register_thread_provider
        from thaogo.direction import queues
        from thaogo.direction.models import AgendaItem, Directive, Meeting, Proposal
        from thaogo.direction.selectors import (
            direction_thread,
            directives_visible_to,
            meetings_visible_to,
            proposals_visible_to,
        )
        from thaogo.tasks.models import Task
        from thaogo.tasks.story import watch_story
        from thaogo.units.models import Cadre

        # The home page's late directives and waiting proposals are kept per state of the
        # data: their rows name the responsible cadre and the one who raised it.
        watch(Directive, Proposal, Cadre)
        # The task's story shows its proposals, the meetings that put them on their agenda,
        # and its directives. (A cadre's name there moves the data's version, above.)
        watch_story(Proposal, lambda proposal: [proposal.task_id])
        watch_story(Directive, lambda directive: [directive.task_id])
        watch_story(AgendaItem, lambda item: Task.objects.filter(proposals=item.proposal_id))
        watch_story(
            Meeting,
            lambda meeting: Task.objects.filter(proposals__agenda_items__meeting=meeting.pk),
        )
        register_selector("proposal", proposals_visible_to)
        register_selector("meeting", meetings_visible_to)
        register_selector("directive", directives_visible_to)
        register_thread_provider(direction_thread)
        register_queue("directives_to_act", queues.directives_to_act)
        register_queue("directives_overdue", queues.directives_late)
        register_queue("proposals_waiting", queues.proposals_waiting)
        register_queue("next_meeting", queues.next_meeting)
