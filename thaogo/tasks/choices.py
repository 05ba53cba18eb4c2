"""The filters by plan, unit or cadre of the task list and the monitoring dashboard: a
drop-down while there are few choices in scope, a search field beside the matches when
there are many."""

from typing import Any

from thaogo.core.dataversion import cached
from thaogo.documents.selectors import plans_visible_to
from thaogo.lib.text import search_terms
from thaogo.tasks.selectors import visibility_scope
from thaogo.units.selectors import cadres_visible_to, units_visible_to

# Above this many plans, units or cadres in scope, the list's filter for them is a search
# field (htmx fetches the matching ones as the user types; without script the form sends
# the typed words and the page comes back with the matches to choose from), not a list
# holding them all: at 10,000 tasks those three lists held 1,700 options.
CHOICES_SHOWN = 100


def _choice_sources(user: Any) -> dict[str, tuple[Any, Any, str]]:
    """Per filter: the choices in the user's scope, the label of one, and its search field."""
    return {
        "plan": (
            plans_visible_to(user).select_related("document__doc_type", "document__issuer"),
            lambda plan: plan.document.symbol,
            "document__search_text",
        ),
        "unit": (units_visible_to(user), lambda unit: unit.name, "search_text"),
        "cadre": (
            cadres_visible_to(user).filter(assignments__isnull=False).distinct(),
            lambda cadre: cadre.full_name,
            "search_text",
        ),
    }


def filter_choices(user: Any, field: str, selected: int | None, typed: str) -> dict[str, Any]:
    """A filter's options (tasks/_choice_filter.html): every choice in scope when there are
    few, else (a search field) those matching what was typed, and the selected one, at most
    CHOICES_SHOWN."""
    found, label, search_field = _choice_sources(user)[field]
    terms = search_terms(typed)
    if terms:
        search = True
        for term in terms:
            found = found.filter(**{f"{search_field}__contains": term})
        rows = list(found[:CHOICES_SHOWN])
    else:
        # Whether there are too many is counted once per state of the data, so a list with
        # thousands of choices in scope reads none of them.
        search = cached(
            ("filter_choices", field, visibility_scope(user)),
            lambda: found[CHOICES_SHOWN : CHOICES_SHOWN + 1].exists(),
        )
        rows = [] if search else list(found)
    if selected is not None and all(row.pk != selected for row in rows):
        rows = [*_choice_sources(user)[field][0].filter(pk=selected)[:1], *rows]
    return {
        "name": field,
        "search": search,
        "typed": typed,
        "selected": selected,
        "options": [(row.pk, label(row)) for row in rows],
    }
