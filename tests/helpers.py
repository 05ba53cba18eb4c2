"""Constants and small helpers the tests share (fixtures live in conftest.py)."""

import re
from datetime import date

TODAY = date(2024, 10, 15)
PASSWORD = "mat-khau-thu-nghiem-2024"
PLAN_START = date(2023, 11, 29)
PLAN_END = date(2025, 12, 31)

# Letters that only Vietnamese text has; a translated message contains at least one.
VIETNAMESE_LETTERS = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]"
)


def messages_of(error) -> str:
    """All the messages of a ValidationError, as one string."""
    return " ".join(str(message) for message in error.messages)


def assert_vietnamese(message: str) -> None:
    """The message was translated: it has letters only Vietnamese writes."""
    assert VIETNAMESE_LETTERS.search(message), f"not a Vietnamese message: {message!r}"


# Hypothesis: the same examples on every run and machine, no example database in the tree.
REPRODUCIBLE = {"derandomize": True, "database": None, "deadline": None}


def held_meeting(*, title: str, held_on: date, by):
    """A Standing Committee meeting already held: only such a meeting gives directives."""
    from thaogo.direction import services

    meeting = services.meeting_create(title=title, held_on=held_on, by=by)
    return services.meeting_update(
        meeting=meeting, by=by, expected_version=meeting.version, status="held"
    )


def form_as_served(html: str, form_id: str | None = None) -> dict[str, list[str]]:
    """The fields a browser would send for a form left as the page serves it: what a user who
    changes nothing submits. The form with this id, or else the first POST form that posts to
    its own page (no action). Buttons and file inputs are left out."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.inside, self.found, self.fields = False, False, {}
            self.textarea, self.select = None, None

        def add(self, name: str, value: str) -> None:
            self.fields.setdefault(name, []).append(value)

        def handle_starttag(self, tag: str, attrs: list) -> None:
            a = {key: value if value is not None else "" for key, value in attrs}
            if tag == "form":
                if form_id is not None:
                    self.inside = a.get("id") == form_id
                else:
                    own = a.get("method", "").lower() == "post" and "action" not in a
                    self.inside = own and not self.found
                self.found = self.found or self.inside
            if not self.inside or ("name" not in a and tag != "option"):
                return
            kind = a.get("type", "text")
            if tag == "input" and kind not in ("submit", "button", "file", "image", "reset"):
                if kind not in ("checkbox", "radio") or "checked" in a:
                    self.add(a["name"], a.get("value", "on" if kind == "checkbox" else ""))
            elif tag == "textarea":
                self.textarea = a["name"]
                self.add(self.textarea, "")
            elif tag == "select":
                self.select = a["name"]
            elif tag == "option" and self.select and "selected" in a:
                self.add(self.select, a.get("value", ""))

        def handle_data(self, data: str) -> None:
            if self.inside and self.textarea:
                self.fields[self.textarea][-1] += data

        def handle_endtag(self, tag: str) -> None:
            if tag == "form":
                self.inside = False
            elif tag == "textarea":
                self.textarea = None
            elif tag == "select":
                self.select = None

    reader = Reader()
    reader.feed(html)
    assert reader.found, f"no form {form_id or 'posting to its page'} on the page"
    return reader.fields
