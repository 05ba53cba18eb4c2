"""Vietnamese is the default language, so every string in the code must have a translation."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "thaogo"
CATALOGUE = PACKAGE / "locale" / "vi" / "LC_MESSAGES"


def _entries(po_text: str) -> list[dict]:
    """A small .po reader: msgid, plural, msgstr(s) and flags of each entry."""
    import ast

    entries, current, key = [], None, None
    for line in [*po_text.splitlines(), ""]:
        if not line.strip():
            if current and "msgid" in current:
                entries.append(current)
            current, key = None, None
            continue
        current = current or {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            key = "context"
            current[key] = ast.literal_eval(line[len("msgctxt ") :])
        elif line.startswith("msgid_plural "):
            key = "plural"
            current[key] = ast.literal_eval(line[len("msgid_plural ") :])
        elif line.startswith("msgid "):
            key = "msgid"
            current[key] = ast.literal_eval(line[len("msgid ") :])
        elif line.startswith("msgstr"):
            head, value = line.split(" ", 1)
            key = ("msgstr", head)
            current["msgstr"][head] = ast.literal_eval(value)
        elif line.startswith('"'):
            if isinstance(key, tuple):
                current["msgstr"][key[1]] += ast.literal_eval(line)
            else:
                current[key] += ast.literal_eval(line)
    return [e for e in entries if e["msgid"]]


def test_every_vietnamese_entry_is_translated_and_not_fuzzy():
    entries = _entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    assert len(entries) > 300
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source_catalogue():
    entries = _entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    def compiled(entry: dict) -> str:
        if "context" in entry:
            return translations.pgettext(entry["context"], entry["msgid"])
        return translations.gettext(entry["msgid"])

    stale = [
        e["msgid"] for e in entries if "plural" not in e and compiled(e) != e["msgstr"]["msgstr"]
    ]
    assert stale == [], "run `make messages` to recompile the catalogue"


def test_catalogue_holds_every_string_marked_in_the_code(tmp_path):
    copy = tmp_path / "thaogo"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-obsolete", "-v", "0"],
        cwd=copy,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "thaogo.settings",
            "DEBUG": "1",
            "PYTHONPATH": str(PACKAGE.parent),
        },
    )
    extracted = {
        e["msgid"] for e in _entries((copy / "locale/vi/LC_MESSAGES/django.po").read_text())
    }
    ours = {e["msgid"] for e in _entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))}
    assert extracted - ours == set(), "run `make messages` and translate the new strings"


def test_the_vietnamese_text_addresses_the_user_as_dong_chi():
    """A Party office writes to "đồng chí", never "bạn": in the catalogue and in every
    template or module that holds Vietnamese text of its own (the demo, the portal)."""
    import re

    informal = re.compile(r"\bbạn\b", re.IGNORECASE)
    entries = _entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    found = [e["msgid"] for e in entries if any(informal.search(s) for s in e["msgstr"].values())]
    for path in PACKAGE.rglob("*"):
        ours = path.suffix in {".html", ".py", ".txt"} and "locale" not in path.parts
        if ours and informal.search(path.read_text(encoding="utf-8", errors="ignore")):
            found.append(str(path.relative_to(PACKAGE)))
    assert found == []


def test_the_vietnamese_catalogue_has_no_english_left():
    """Only the few names and terms a Party office writes in English anyway (tests/vietnamese.py)
    may stay: "Access attempts", "Toggle theme" or "Đang online" may not."""
    from tests.vietnamese import english_words

    entries = _entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    found = {}
    for entry in entries:
        words = [word for text in entry["msgstr"].values() for word in english_words(text)]
        if words:
            found[entry["msgid"]] = words
    assert found == {}


def test_the_english_word_check_tells_english_from_vietnamese_without_diacritics():
    from tests.vietnamese import english_words

    assert english_words("Trang quản trị cho Django") == ["Django"]
    assert english_words("Các mô models trong %(name)s") == ["models"]
    assert english_words("Toggle theme") == ["Toggle", "theme"]
    assert english_words("Đang online") == ["online"]
    # Vietnamese typed without diacritics, placeholders, tags, addresses and allowed terms pass.
    assert english_words("Ví dụ: giai phong mat bang, Vinh Niem, 164-KH") == []
    assert english_words('%(count)s tệp PDF, Excel <a href="{}">tại đây</a> https://x.vn/a') == []
    assert english_words("Lịch hạn (ICS) gửi qua email") == []


@pytest.mark.parametrize("package", ["django.conf", "django.contrib.auth", "django.contrib.admin"])
def test_no_message_of_django_that_its_code_still_uses_says_ban(package):
    """Django's own Vietnamese says "bạn"; thaogo/core/django_wording.py brings each of those
    messages into our catalogue, which takes precedence, worded for "đồng chí"."""
    import importlib
    import re

    from django.utils import translation

    locale = Path(importlib.import_module(package).__file__).parent / "locale"
    used = _entries((locale / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    informal = re.compile(r"\bbạn\b", re.IGNORECASE)
    with translation.override("vi"):
        found = [
            e["msgid"]
            for e in used
            if informal.search(
                translation.ngettext(e["msgid"], e["plural"], 1)
                if "plural" in e
                else translation.gettext(e["msgid"])
            )
        ]
    assert found == []
