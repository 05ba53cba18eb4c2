"""The task list's rows.

Built in Python, as Django's admin builds its change list's rows (`admin_list.items_for_result`):
the list draws 20 rows a request, and a template loop costs about a thousand Python calls a
row (a variable lookup, an escape and a node per cell), most of the list's time.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from thaogo.core.templatetags.thaogo import nature_badges, timing_badge

register = template.Library()

ROW = (
    "<tr>\n"
    '      <td data-label="{code_label}">{code}</td>\n'
    '      <td><a href="{url}">{title}</a>\n'
    "        {natures}</td>\n"
    '      <td data-label="{category_label}">{category}</td>\n'
    '      <td data-label="{lead_label}">{lead}</td>\n'
    '      <td data-label="{deadline_label}">{deadline}</td>\n'
    '      <td data-label="{priority_label}">{priority}</td>\n'
    '      <td data-label="{status_label}">{status}</td>\n'
    '      <td data-label="{timing_label}">{timing}</td>\n'
    "    </tr>\n"
)


@register.simple_tag
def task_rows(tasks: Iterable[Any]) -> SafeString:
    """One <tr> per task of the list's page (`tasks.selectors.task_list`'s rows). Each cell
    repeats its column's name (data-label, for narrow screens). What rows share (the
    translated names, a timing's badge, a status's label) is made once per call, in the
    language of the request."""
    labels = {
        name: conditional_escape(label)
        for name, label in (
            ("code_label", _("Code")),
            ("category_label", _("Category")),
            ("lead_label", _("Lead")),
            ("deadline_label", _("Deadline")),
            ("priority_label", _("Priority")),
            ("status_label", _("Status")),
            ("timing_label", _("Timing")),
        )
    }
    shared: dict[tuple, str] = {}

    def once(key: tuple, make: Callable[[], Any]) -> str:
        if key not in shared:
            shared[key] = conditional_escape(make())
        return shared[key]

    return format_html_join(
        "  ",
        ROW,
        (
            {
                **labels,
                "code": task.code,
                "url": reverse("tasks:detail", args=[task.pk]),
                "title": task.title,
                "natures": once(
                    (task.is_hard, task.is_new, task.is_backlogged, task.is_complex),
                    lambda task=task: nature_badges(task),
                ),
                "category": task.category.name,
                "lead": task.lead_name or "—",
                "deadline": (
                    date_format(task.deadline, "SHORT_DATE_FORMAT") if task.deadline else "—"
                ),
                "priority": once(
                    ("priority", task.priority), lambda task=task: task.priority_label
                ),
                "status": once(("status", task.status), lambda task=task: task.status_label),
                "timing": once(
                    ("timing", task.timing_value), lambda task=task: timing_badge(task.timing_value)
                ),
            }
            for task in tasks
        ),
    )
