from django.db import migrations

# The five kinds of work Plan 164-KH/QU names, plus "other". Categories are data:
# administrators rename, add or retire them in the admin.
CATEGORIES = [
    ("site-clearance", "Đền bù, giải phóng mặt bằng"),
    ("public-investment", "Giải ngân vốn đầu tư công"),
    ("budget-revenue", "Thu ngân sách"),
    ("project-obstacles", "Tháo gỡ khó khăn, vướng mắc các dự án"),
    ("petitions", "Giải quyết đơn phản ánh, kiến nghị của người dân"),
    ("other", "Khác"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("tasks", "Category")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("tasks", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
