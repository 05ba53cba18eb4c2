from typing import Any

from django.db.models import Q, QuerySet

from thaogo.accounts.roles import oversees, role_of
from thaogo.documents.models import Document, Plan
from thaogo.tasks.selectors import tasks_visible_to


def plans_visible_to(user: Any) -> QuerySet[Plan]:
    if oversees(user):
        return Plan.objects.all()
    return Plan.objects.filter(pk__in=tasks_visible_to(user).values("plan_id"))


def documents_visible_to(user: Any) -> QuerySet[Document]:
    """Overseeing roles see every document; others the public ones and those of their tasks."""
    if role_of(user) is None and not hasattr(user, "cadre"):
        return Document.objects.none()
    if oversees(user):
        return Document.objects.all()
    tasks = tasks_visible_to(user)
    related = (
        Q(is_public=True) | Q(plan__in=plans_visible_to(user)) | Q(assignments__task__in=tasks)
    )
    return Document.objects.filter(pk__in=Document.objects.filter(related).values("pk"))
