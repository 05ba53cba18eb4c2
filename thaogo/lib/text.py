"""Text folding for diacritics-insensitive search, identical on every database."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text: 'Giải phóng Đất' -> 'giai phong dat'.

    Folding happens in Python, both when the searchable column is written and
    when the query is read, so SQLite and PostgreSQL compare the same bytes.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def search_terms(query: str, *, limit: int = 8) -> list[str]:
    """The folded words of a query, at most `limit` of them."""
    return [word for word in fold(query).split(" ") if word][:limit]


def slugify_vi(text: str) -> str:
    folded = fold(text)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
