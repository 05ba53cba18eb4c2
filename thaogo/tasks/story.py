"""A task's story (`core.scoping.task_thread`), drawn, and kept between visits of its page.

The story is read from two apps (reporting, direction) in three or four queries on every
visit of the most visited page, and it changes far less often than it is read. It is drawn
in Python, as the list's rows are (`templatetags/task_list.py`): a template loop costs about
four hundred Python calls an entry.

The drawn story is kept under two names:
- the sum of the task's `StoryChange` tokens: every write of an entry inserts one, with a
  random token, in the writer's own transaction (`watch_story`);
- the data's version (`core.dataversion`), which moves when something many stories show is
  renamed: a cadre, a reporting kind.
The task page reads the sum in the task's own query, before the story, so what it keeps is
at least as new as the name it keeps it under.

Writers only insert rows: none waits on a row another holds, so keeping the story adds no
lock a transaction could wait for in the wrong order. A sum counts every committed write,
in whatever order concurrent writers commit, and a token a rolled-back write drew never
counts again, so a story read inside that transaction is never served. Writes that skip
signals (`QuerySet.update()`, `bulk_create()`) call `story_changed()` themselves, or
`core.dataversion.bump()`, which renames every story (as `thaogo gen-scale` does).
"""

import secrets
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model, OuterRef, QuerySet, Subquery, Sum
from django.db.models.signals import post_delete, post_save
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

from thaogo.core.dataversion import cached
from thaogo.core.scoping import ThreadEntry, task_thread
from thaogo.tasks.models import StoryChange, Task

# What a watched model's row tells of the tasks whose story shows it: task ids, or a query
# of tasks (read as the signal comes, while the row's relations still exist).
TasksOf = Callable[[Any], Iterable[int] | QuerySet[Task]]


def story_changed(tasks: Iterable[int] | QuerySet[Task]) -> None:
    """Record a write of these tasks' stories, in the current transaction."""
    if isinstance(tasks, QuerySet):
        tasks = tasks.values_list("pk", flat=True).distinct()
    StoryChange.objects.bulk_create(
        [StoryChange(task_id=pk, token=secrets.randbits(40) + 1) for pk in set(tasks)]
    )


def watch_story(model: type[Model], tasks_of: TasksOf) -> None:
    """Rename the stories of `tasks_of(row)` on every save and delete of a row of `model`."""

    def changed(instance: Model, **_ignored: Any) -> None:
        story_changed(tasks_of(instance))

    uid = f"story-{model._meta.label}"
    post_save.connect(changed, sender=model, dispatch_uid=f"{uid}-save", weak=False)
    post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-delete", weak=False)


def story_name() -> Subquery:
    """The name of a task's story, as an annotation of a query of tasks (None: never
    written)."""
    return Subquery(
        StoryChange.objects.filter(task=OuterRef("pk"))
        .values("task")
        .annotate(total=Sum("token"))
        .values("total")[:1]
    )


def task_story(task: Task) -> SafeString:
    """The task's story (`task_thread`) as its page draws it, one <li> per entry ("" if it
    has none). `task` comes from a query annotated with `story_name()`, as
    `tasks.selectors.task_detail_queryset`'s does. Kept per language: the titles and days are
    in the reader's."""
    return cached(
        ("task-story", task.pk, task.story_name, get_language()),
        lambda: draw_story(task_thread(task)),
    )


ENTRY = (
    '<li class="thread-{kind}"><small class="muted">{when}</small> '
    '<a href="{url}">{title}</a>{badge}{detail}</li>'
)


def draw_story(entries: Iterable[ThreadEntry]) -> SafeString:
    """One <li> per entry: its day (in the server's time zone), its title linked to what it
    is about, its badge, and the first 220 characters of its text."""
    return format_html_join(
        "\n  ",
        ENTRY,
        (
            {
                "kind": entry.kind,
                "when": date_format(template_localtime(entry.when), "SHORT_DATE_FORMAT"),
                "url": entry.url,
                "title": entry.title,
                "badge": (
                    format_html(' <span class="badge badge-info">{}</span>', entry.badge)
                    if entry.badge
                    else ""
                ),
                "detail": (
                    format_html("<br><small>{}</small>", _first_chars(entry.detail, 220))
                    if entry.detail
                    else ""
                ),
            }
            for entry in entries
        ),
    )


def _first_chars(text: str, length: int) -> str:
    """`truncatechars`, without its walk over every character of a text that fits: combining
    marks do not count, so a text no longer than `length` characters is never cut."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)
