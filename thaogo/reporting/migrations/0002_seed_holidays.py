from datetime import date, timedelta

from django.db import migrations


def _days(first: date, last: date, name: str) -> list[tuple[date, str]]:
    return [(first + timedelta(days=i), name) for i in range((last - first).days + 1)]


# Official days off 2024–2026 (New Year, Tết, Hùng Kings, 30/4–1/5, National Day). Holidays
# are data: administrators add each new year's list in the admin.
HOLIDAYS = [
    (date(2024, 1, 1), "Tết Dương lịch"),
    *_days(date(2024, 2, 8), date(2024, 2, 14), "Tết Nguyên đán Giáp Thìn"),
    (date(2024, 4, 18), "Giỗ Tổ Hùng Vương"),
    (date(2024, 4, 29), "Nghỉ bù"),
    (date(2024, 4, 30), "Ngày Giải phóng miền Nam"),
    (date(2024, 5, 1), "Quốc tế Lao động"),
    (date(2024, 9, 2), "Quốc khánh"),
    (date(2024, 9, 3), "Quốc khánh"),
    (date(2025, 1, 1), "Tết Dương lịch"),
    *_days(date(2025, 1, 25), date(2025, 2, 2), "Tết Nguyên đán Ất Tỵ"),
    (date(2025, 4, 7), "Giỗ Tổ Hùng Vương"),
    (date(2025, 4, 30), "Ngày Giải phóng miền Nam"),
    (date(2025, 5, 1), "Quốc tế Lao động"),
    (date(2025, 5, 2), "Nghỉ bù"),
    (date(2025, 9, 1), "Quốc khánh"),
    (date(2025, 9, 2), "Quốc khánh"),
    (date(2026, 1, 1), "Tết Dương lịch"),
    *_days(date(2026, 2, 14), date(2026, 2, 22), "Tết Nguyên đán Bính Ngọ"),
    (date(2026, 4, 27), "Giỗ Tổ Hùng Vương (nghỉ bù)"),
    (date(2026, 4, 30), "Ngày Giải phóng miền Nam"),
    (date(2026, 5, 1), "Quốc tế Lao động"),
    (date(2026, 9, 1), "Quốc khánh"),
    (date(2026, 9, 2), "Quốc khánh"),
]


def seed(apps, schema_editor):
    Holiday = apps.get_model("reporting", "Holiday")
    for day, name in HOLIDAYS:
        Holiday.objects.get_or_create(date=day, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
