"""Each app tells what it has to announce; this app never imports the apps above it.

An app that has reminders or calendar events gives them in a `notices` module with
`reminders(today) -> Counter` and `calendar_events(user) -> list[CalendarEvent]`.
"""

from collections.abc import Callable, Iterator
from importlib import import_module

from django.apps import apps


def providers(name: str) -> Iterator[Callable]:
    """The function `name` of every installed app's `notices` module, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        module_name = f"{config.name}.notices"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue
            raise
        provider = getattr(module, name, None)
        if provider is not None:
            yield provider
