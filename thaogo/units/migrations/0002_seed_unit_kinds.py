from django.db import migrations

# Common kinds of bodies. Levels are data: a province, a commune or a ministry adds its own.
KINDS = [
    ("party-committee", "Cấp ủy"),
    ("standing-committee", "Ban Thường vụ"),
    ("advisory-board", "Ban tham mưu"),
    ("party-office", "Văn phòng cấp ủy"),
    ("peoples-committee", "Ủy ban nhân dân"),
    ("ward", "Phường"),
    ("commune", "Xã"),
    ("agency", "Cơ quan, đơn vị"),
]


def seed(apps, schema_editor):
    UnitKind = apps.get_model("units", "UnitKind")
    for order, (code, name) in enumerate(KINDS, start=1):
        UnitKind.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
