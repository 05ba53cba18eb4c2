from django import template
from django.utils.html import format_html

from thaogo.core.form_tokens import TOKEN_FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """The hidden one-time token of a creation form (see thaogo.core.form_tokens).

    Each rendering is a new form instance with its own token; a form re-rendered with errors
    gets a new one, as the old one was never used.
    """
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token())
