"""Finds English left in Vietnamese text: in the catalogue, and on rendered pages.

A word is suspect when it is plain ASCII, at least three letters long, and cannot be one
Vietnamese syllable written without its diacritics ("theo", "trong" and "cho" can; "online",
"menu" and "theme" cannot). Placeholders, HTML tags, addresses and the few terms a Party
office writes in English anyway are left out.
"""

import re

# Names and abbreviations Vietnamese office text keeps as they are.
ALLOWED = {
    word.lower()
    for word in [
        # the product, and the programs and formats users meet by name
        *["Thaogo", "ICS", "PDF", "Excel", "Word", "DOCX", "XLSX", "JPEG", "PNG", "WebP"],
        *["GIF", "EXIF", "Outlook", "Google", "Calendar"],
        # technical terms with no everyday Vietnamese equivalent, and a key's label
        *["email", "e-mail", "URL", "https", "LDAP", "NUL", "UBND", "Ctrl"],
        # the JSON API's terms, and the HTTP header a program sends its token in
        *["API", "JSON", "CSRF", "Authorization", "Bearer"],
        # the issuer code in a document number (1669/NQ-UBTVQH15)
        "UBTVQH",
        # "số thứ tự", the first column of every table in an administrative document
        "STT",
        # a loanword of the portals ("album ảnh")
        "album",
        # the literal values the demo command takes
        *["YYYY", "today"],
        # the command that starts the demo
        *["make", "demo"],
    ]
}

_PLACEHOLDER = re.compile(r"%\([^)]*\)[-+ #0-9.]*[a-zA-Z]|%[-+ #0-9.]*[sdrf]|\{[^{}]*\}")
_TAG = re.compile(r"<[^>]*>")
_ADDRESS = re.compile(r"\S+://\S*")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aeiouy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?",
    re.IGNORECASE,
)


def english_words(text: str) -> list[str]:
    """The words of `text` that look English rather than Vietnamese."""
    text = _ADDRESS.sub(" ", _TAG.sub(" ", _PLACEHOLDER.sub(" ", text)))
    found = []
    for compound in _WORD.findall(text):
        parts = [compound] if compound.lower() in ALLOWED else compound.split("-")
        for word in parts:
            if len(word) < 3 or not word.isascii() or word.lower() in ALLOWED:
                continue
            if not _SYLLABLE.fullmatch(word):
                found.append(word)
    return found
