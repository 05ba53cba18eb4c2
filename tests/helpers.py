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
