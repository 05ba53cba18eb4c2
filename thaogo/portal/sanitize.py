"""The only HTML an article body may hold, enforced with nh3 on every save and again on
every display.

No script, style, event handler or javascript: URL can survive: nh3 keeps only the tags
and attributes listed here, and links only with the schemes listed here. Pictures must be
ones uploaded to the portal (a third-party picture would tell another site who reads us),
and each must say what it shows.

A picture's address is judged by where it leads, not by how it starts: every reader's
browser fetches it, so `/anh/../accounts/password/change/` would make each of them request
that page. portal_picture_path() resolves the address as a browser does (and as a proxy that
decodes and normalises paths would), and the body keeps only the resolved path.
"""

import re
from html.parser import HTMLParser
from urllib.parse import unquote

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


# Before anything else a browser strips leading and trailing C0 controls and spaces, and
# removes tabs and newlines anywhere in a URL (WHATWG URL standard).
_EDGE_CONTROLS = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# What a resolved picture path may hold: unreserved characters and "/". With no "%", "?",
# "#", "\\" or dot segment left, every parser reads it the same way.
_PLAIN_PATH = re.compile(r"/[A-Za-z0-9._~\-/]*")
_MAX_DECODING_ROUNDS = 4


def portal_picture_path(src: str) -> str | None:
    """The path of the portal picture `src` leads to, resolved, or None if it leads anywhere
    else: another site (`//host`, `http:`), a script (`javascript:`), or a page of this site
    reached through `..`, `%2e%2e`, `%2f`, backslashes or control characters."""
    url = _TAB_OR_NEWLINE.sub("", src.strip(_EDGE_CONTROLS))
    # Decode until nothing changes: a proxy or server may decode once more than the browser.
    for _round in range(_MAX_DECODING_ROUNDS):
        try:
            decoded = unquote(url, errors="strict")
        except UnicodeDecodeError:
            return None
        if decoded == url:
            break
        url = decoded
    else:
        return None
    if _SCHEME.match(url):
        return None
    url = url.replace("\\", "/")  # browsers read a backslash as a slash in http(s) URLs
    if url.startswith("//") or not _PLAIN_PATH.fullmatch(url):
        return None
    segments: list[str] = []
    for segment in url.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    path = "/" + "/".join(segments)
    if not path.startswith(IMAGE_PREFIX) or path == IMAGE_PREFIX:
        return None
    return path


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return portal_picture_path(value)
    return value


class _ImageCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        values = dict(attrs)
        if portal_picture_path(values.get("src") or "") is None:
            self.problems.add("source")
        if not (values.get("alt") or "").strip():
            self.problems.add("alt")


def clean_html(html: str) -> str:
    """The HTML with only the allowed tags, attributes and links, and pictures reduced to the
    resolved paths of portal pictures (a picture leading elsewhere loses its address)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_keep_attribute,
        strip_comments=True,
    )


def clean_body(html: str) -> str:
    """The body as readers will get it; ValidationError if a picture breaks the rules."""
    cleaned = clean_html(html).strip()
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
