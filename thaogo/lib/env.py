"""Typed readers for environment variables that fail loudly on a bad value."""

import os
import re
from datetime import date

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_DMY = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_day(raw: str) -> date:
    """A day written dd/mm/yyyy or yyyy-mm-dd; anything else (mm/dd, two-digit years, a time
    of day) raises ValueError rather than being guessed."""
    text = raw.strip()
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    if _ISO.fullmatch(text):
        return date.fromisoformat(text)
    raise ValueError(raw)


def env_date(name: str) -> date | None:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        return parse_day(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a date written dd/mm/yyyy or yyyy-mm-dd, not {raw!r}"
        ) from None
