"""A picture in an article body is fetched by every reader's browser, so its address is
judged by where it leads once resolved, never by how it starts."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPRODUCIBLE
from thaogo.portal import services
from thaogo.portal.sanitize import IMAGE_PREFIX, clean_body, clean_html, portal_picture_path
from thaogo.portal.templatetags.portal import sanitized

PICTURE = "/anh/0f8c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b.jpg"
BASE = "https://cong.example.vn/tin-tuc/bai-viet/"

# Each leads outside the portal's pictures, though most start with /anh/.
ESCAPES = [
    "/anh/../accounts/password/change/",
    "/anh/./../accounts/logout/",
    "/anh/%2e%2e/accounts/password/change/",
    "/anh/%2E%2e/accounts/",
    "/anh/.%2e/accounts/",
    "/anh/..%2faccounts/password/change/",
    "/anh/..%2Faccounts/",
    "/anh/%252e%252e%252faccounts/",  # encoded twice
    "/anh/..\\accounts/password/change/",
    "/anh\\..\\accounts/",
    "/anh/..%5caccounts/",
    "/anh/.\t./accounts/",
    "/anh/.\n./accounts/",
    "/anh/.\r./accounts/",
    "//evil.example/anh/x.jpg",
    "/\\evil.example/anh/x.jpg",
    "\\\\evil.example/anh/x.jpg",
    "/%2fevil.example/anh/x.jpg",
    " //evil.example/anh/x.jpg",
    "\x01//evil.example/anh/x.jpg",
    "https://evil.example/anh/x.jpg",
    "http://cong.example.vn/anh/x.jpg",
    "javascript:alert(1)//anh/",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=",
    "anh/x.jpg",
    "../anh/x.jpg",
    "/anh/",
    "/anh",
    "/anhx/y.jpg",
    "/anh/x.jpg?/../../accounts/",
    "/anh/%ff.jpg",
    "",
]


class Sources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources += [value for name, value in attrs if name == "src" and value]


def picture_sources(html: str) -> list[str]:
    parser = Sources()
    parser.feed(html)
    parser.close()
    return parser.sources


def assert_leads_to_a_portal_picture(src: str) -> None:
    """Any URL parser resolves it to itself, under the pictures' prefix: no dot segment,
    no percent sign, backslash, query, fragment, scheme or host left to interpret."""
    assert re.fullmatch(r"/anh/[A-Za-z0-9._~\-/]+", src), src
    assert "." not in src.split("/") and ".." not in src.split("/"), src
    resolved = urlsplit(urljoin(BASE, src))
    assert (resolved.scheme, resolved.netloc, resolved.path) == ("https", "cong.example.vn", src)
    assert resolved.path.startswith(IMAGE_PREFIX)


@pytest.mark.parametrize("src", ESCAPES)
def test_a_picture_leading_outside_the_portal_pictures_is_refused(src):
    assert portal_picture_path(src) is None
    with pytest.raises(ValidationError) as refused:
        clean_body(f'<p><img src="{src}" alt="Ảnh"></p>')
    assert "body" in refused.value.message_dict


@pytest.mark.parametrize(
    "src", ["/anh/&#46;&#46;/accounts/", "/anh/&period;&period;/accounts/", "/anh/&#x2e;./x"]
)
def test_html_entities_are_resolved_before_the_address_is_judged(src):
    with pytest.raises(ValidationError):
        clean_body(f'<img src="{src}" alt="Ảnh">')


@pytest.mark.parametrize(
    ("src", "kept"),
    [
        (PICTURE, PICTURE),
        ("/anh/0f8c.nho.jpg", "/anh/0f8c.nho.jpg"),
        ("/anh/./abc.jpg", "/anh/abc.jpg"),
        ("/anh/x/../abc.jpg", "/anh/abc.jpg"),
        ("/anh/%61bc.jpg", "/anh/abc.jpg"),
        ("  /anh/abc.jpg\n", "/anh/abc.jpg"),
    ],
)
def test_a_portal_picture_keeps_its_resolved_address(src, kept):
    assert portal_picture_path(src) == kept
    assert picture_sources(clean_body(f'<img src="{src}" alt="Ảnh">')) == [kept]


PIECES = [
    "/", "\\", ".", "..", "%2e", "%2E", "%2f", "%2F", "%5c", "%25", "%", "anh", "anh/",
    "/anh/", "accounts", "x.jpg", "//", ":", "javascript:", "http:", "?", "#", " ", "\t",
    "\n", "\r", "\x00", "\x01", "\x7f", "&#46;", "&#47;", "&#x5c;", "&amp;", "é", "%c3%a9",
]  # fmt: skip


@settings(max_examples=600, **REPRODUCIBLE)
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.booleans())
def test_no_picture_that_survives_resolves_outside_the_portal_pictures(pieces, prefixed):
    src = ("/anh/" if prefixed else "") + "".join(pieces)
    html = f'<p><img src="{src}" alt="Ảnh"></p>'
    for cleaned in (clean_html(html), str(sanitized(html))):
        for kept in picture_sources(cleaned):
            assert_leads_to_a_portal_picture(kept)
    resolved = portal_picture_path(src)
    if resolved is not None:
        assert_leads_to_a_portal_picture(resolved)


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "java\tscript:alert(1)",
        "java&#9;script:alert(1)",
        " javascript:alert(1)",
        "\x01javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_links_keep_no_script_however_it_is_written(href):
    cleaned = clean_body(f'<p><a href="{href}">Xem</a></p>')
    assert "href" not in cleaned, cleaned
    assert "Xem" in cleaned


def test_a_body_written_around_the_service_is_cleaned_the_same_way_when_shown(portal, editor):
    article = services.article_update(
        article=portal.draft, by=editor, expected_version=portal.draft.version, body="<p>Bài</p>"
    )
    type(article).objects.filter(pk=article.pk).update(
        body=(
            '<p><img src="/anh/../accounts/password/change/" alt="a">'
            '<img src="https://tracker.example/p.gif" alt="b">'
            f'<img src="{PICTURE}" alt="c"></p>'
        )
    )
    article.refresh_from_db()
    shown = str(sanitized(article.body))
    assert picture_sources(shown) == [PICTURE]
    assert "accounts" not in shown and "tracker" not in shown
