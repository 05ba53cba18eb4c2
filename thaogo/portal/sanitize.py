"""The only HTML an article body may hold, enforced with nh3 on every save.

No script, style, event handler or javascript: URL can survive: nh3 keeps only the tags
and attributes listed here, and links only with the schemes listed here. Pictures must be
ones uploaded to the portal (a third-party picture would tell another site who reads us),
and each must say what it shows.
"""

from html.parser import HTMLParser

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "figure",
    "figcaption",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
IMAGE_PREFIX = "/anh/"


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not value.startswith(IMAGE_PREFIX):
        return None
    return value


class _ImageCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        values = dict(attrs)
        if not (values.get("src") or "").startswith(IMAGE_PREFIX):
            self.problems.add("source")
        if not (values.get("alt") or "").strip():
            self.problems.add("alt")


def clean_body(html: str) -> str:
    """The body as readers will get it; ValidationError if a picture breaks the rules."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_keep_attribute,
        strip_comments=True,
    ).strip()
    check = _ImageCheck()
    check.feed(cleaned)
    check.close()
    errors = []
    if "source" in check.problems:
        errors.append(
            _("Pictures must be uploaded to the portal; pictures from other sites are not allowed.")
        )
    if "alt" in check.problems:
        errors.append(_("Every picture needs a description for readers who cannot see it."))
    if errors:
        raise ValidationError({"body": errors})
    return cleaned
