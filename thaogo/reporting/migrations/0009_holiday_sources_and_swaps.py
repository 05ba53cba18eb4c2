from datetime import date

from django.db import migrations

LABOUR_CODE = "Bộ luật Lao động 2019, Điều 112"
SWAP_2024 = "Công văn 2450/VPCP-KGVX ngày 12/4/2024 (hoán đổi ngày làm việc dịp 30/4-1/5/2024)"
SWAP_2025 = "Hoán đổi ngày làm việc dịp 30/4-1/5/2025 theo ý kiến của Thủ tướng Chính phủ"

# The days off so far recorded as "Nghỉ bù" that were swapped working days, and the
# Saturday worked in their place.
SWAPS = [
    (date(2024, 4, 29), date(2024, 5, 4), "Nghỉ hoán đổi dịp 30/4-1/5", SWAP_2024),
    (date(2025, 5, 2), date(2025, 4, 26), "Nghỉ hoán đổi dịp 30/4-1/5", SWAP_2025),
]
# Compensatory days off proper: a holiday that fell on a weekend.
COMPENSATIONS = [(date(2026, 4, 27), date(2026, 4, 26))]  # Giỗ Tổ 2026 fell on a Sunday


def convert(apps, schema_editor):
    Holiday = apps.get_model("reporting", "Holiday")
    SwappedWorkingDay = apps.get_model("reporting", "SwappedWorkingDay")
    Holiday.objects.filter(kind="public", legal_source="").update(legal_source=LABOUR_CODE)
    for day_off, worked, name, source in SWAPS:
        Holiday.objects.update_or_create(
            date=day_off,
            defaults={"name": name, "kind": "swapped", "legal_source": source},
        )
        SwappedWorkingDay.objects.get_or_create(
            date=worked, defaults={"in_place_of": day_off, "legal_source": source}
        )
    for day_off, holiday in COMPENSATIONS:
        Holiday.objects.filter(date=day_off).update(
            kind="compensatory", compensates=holiday, legal_source=LABOUR_CODE
        )
    # Anything else an administrator called "nghỉ bù" without saying which weekend holiday
    # it replaces stays a public day off, with its name as it was.


def back(apps, schema_editor):
    apps.get_model("reporting", "SwappedWorkingDay").objects.filter(
        date__in=[worked for _off, worked, _n, _s in SWAPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0008_holiday_kinds_and_make_up_days")]
    operations = [migrations.RunPython(convert, back)]
