"""The one place business code asks for the date, so tests can control it."""

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
