"""What other apps add to a cadre's page, without the units app importing them.

An app registers, in its AppConfig.ready(), a provider `provider(user, cadre)` that returns a
Panel (a template and its data) or None when the user is not to see it; the cadre page
draws the panels in the order they were registered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    data: dict[str, Any] = field(default_factory=dict)


CadrePanelProvider = Callable[[Any, Any], Panel | None]
_CADRE_PANELS: list[CadrePanelProvider] = []


def register_cadre_panel(provider: CadrePanelProvider) -> None:
    if provider not in _CADRE_PANELS:
        _CADRE_PANELS.append(provider)


def cadre_panels(user: Any, cadre: Any) -> list[Panel]:
    return [panel for provider in _CADRE_PANELS if (panel := provider(user, cadre))]
