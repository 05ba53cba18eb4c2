from typing import Any

from django.db.models import QuerySet

from thaogo.accounts.roles import cadre_of, oversees, role_of, scope_unit
from thaogo.units.models import Cadre, Unit


def units_visible_to(user: Any) -> QuerySet[Unit]:
    if role_of(user) is None and cadre_of(user) is None:
        return Unit.objects.none()
    unit = scope_unit(user)
    if oversees(user) or unit is None:
        return Unit.objects.all()
    return unit.subtree()


def cadres_visible_to(user: Any) -> QuerySet[Cadre]:
    """Personnel records: overseeing roles see all; others themselves and their tasks' cadres."""
    if oversees(user):
        return Cadre.objects.all()
    from thaogo.tasks.selectors import tasks_visible_to

    tasks = tasks_visible_to(user)
    if not tasks.exists() and cadre_of(user) is None:
        return Cadre.objects.none()
    ids = set(Cadre.objects.filter(assignments__task__in=tasks).values_list("pk", flat=True))
    own = cadre_of(user)
    if own is not None:
        ids.add(own.pk)
    return Cadre.objects.filter(pk__in=ids)
