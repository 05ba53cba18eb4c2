"""The task page's story, drawn by a tag rather than a template loop."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.text import Truncator
from hypothesis import given
from hypothesis import strategies as st

from thaogo.core.scoping import ThreadEntry
from thaogo.tasks.templatetags.task_page import _first_chars, thread_entries

# Letters, Vietnamese marks written as combining characters, and markup.
TEXT = st.text(alphabet=st.sampled_from("aăâêd đ<>&\"' \u0300\u0301\u0303\u0309\u0323"))


@given(text=TEXT, length=st.integers(min_value=1, max_value=40))
def test_the_story_cuts_a_text_exactly_as_truncatechars_does(text, length):
    assert _first_chars(text, length) == Truncator(text).chars(length)


def test_an_entry_is_escaped_and_dated_in_the_server_time_zone():
    entry = ThreadEntry(
        # 23:30 in UTC on 30 November is 1 December in Vietnam.
        datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC")),
        "proposal",
        'Đề xuất <script>alert("x")</script>',
        "Vượt thẩm quyền & cần " + "chỉ đạo " * 40,
        "/app/direction/proposals/7/",
        "vượt thẩm quyền",
    )
    html = thread_entries([entry])
    assert html.startswith('<li class="thread-proposal"><small class="muted">01/12/2026</small>')
    assert "<script>" not in html
    assert "Đề xuất &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<span class="badge badge-info">vượt thẩm quyền</span>' in html
    assert "Vượt thẩm quyền &amp; cần" in html
    detail = html[html.index("<small>") + len("<small>") : html.index("</small></li>")]
    assert len(detail.replace("&amp;", "&")) == 220 and detail.endswith("…")
