"""Posting a page's form back as a browser would: the values it shows, some of them changed."""

from typing import Any

from django import forms


def page_forms(response) -> list[forms.BaseForm]:
    """The forms a rendered page shows, by the name they have in its context."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found: dict[int, forms.BaseForm] = {}
    for context in contexts or []:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm):
                found[id(value)] = value
    return list(found.values())


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a browser sends for `form` as the page shows it (files left out)."""
    data: dict[str, Any] = {}
    for bound in form:
        field, widget, value = bound.field, bound.field.widget, bound.value()
        if isinstance(field, forms.FileField):
            continue
        if isinstance(widget, forms.MultiWidget):  # e.g. a date and a time: one input each
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True):
                formatted = sub.format_value(part)
                data[f"{bound.html_name}{suffix}"] = "" if formatted is None else str(formatted)
            continue
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if getattr(widget, "allow_multiple_selected", False) and not value:
            continue  # a multiple select with nothing chosen sends nothing
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
            continue
        formatted = widget.format_value(value)
        if isinstance(formatted, list):  # a select: the chosen option, or none
            formatted = formatted[0] if formatted else ""
        data[bound.html_name] = "" if formatted is None else str(formatted)
    return data
