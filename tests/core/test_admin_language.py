"""The admin speaks Vietnamese too: Django's, django-axes' and django-simple-history's words
included ("Access attempts", "Toggle theme", "Trang quản trị cho Django" are gone).

Every page the administrator reaches from the admin's index is read as a person sees it:
its text and the labels of its buttons, without the records it lists (names of people and
units are data, not the interface's words).
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from tests.vietnamese import english_words
from thaogo.documents.models import DocumentType

SKIPPED = {"script", "style", "tbody", "select", "textarea"}
LABELS = ("title", "aria-label", "placeholder")


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        values = dict(attrs)
        self.parts += [values[name] or "" for name in LABELS if name in values]
        if tag == "input" and values.get("type") == "submit":
            self.parts.append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def admin_pages(request) -> list[str]:
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        app_index = reverse("admin:app_list", args=[opts.app_label])
        if app_index not in pages:
            pages.append(app_index)
        if model_admin.has_view_permission(request):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return pages


@pytest.mark.django_db
def test_no_english_is_left_on_the_admins_pages(admin, client_for, rf):
    client = client_for(admin)
    request = rf.get("/admin/")
    request.user = admin
    # Data the pages list in their filters, not words of the interface.
    names = [
        *User.objects.values_list("username", flat=True),
        *DocumentType.objects.values_list("code", flat=True),
    ]
    data_words = {word for name in names for word in re.findall(r"[^\W\d_]+", name)}
    english = {}
    for page in admin_pages(request):
        response = client.get(page)
        assert response.status_code == 200, page
        text = visible_text(response.content.decode())
        words = [word for word in english_words(text) if word not in data_words]
        if words:
            english[page] = sorted(set(words))
    assert english == {}


@pytest.mark.django_db
def test_the_admin_is_titled_for_thaogo(admin, client_for):
    page = client_for(admin).get(reverse("admin:index")).content.decode()
    assert "Quản trị Thaogo" in page
    assert "Django" not in visible_text(page)
