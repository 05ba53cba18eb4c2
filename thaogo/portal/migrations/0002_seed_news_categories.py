from django.db import migrations

# News categories a committee's portal starts with; editors rename or add them in the admin.
CATEGORIES = [
    ("tin-tuc-su-kien", "Tin tức - Sự kiện"),
    ("xay-dung-dang", "Xây dựng Đảng"),
    ("kinh-te-xa-hoi", "Kinh tế - Xã hội"),
    ("thong-bao", "Thông báo"),
]


def seed(apps, schema_editor):
    NewsCategory = apps.get_model("portal", "NewsCategory")
    for order, (slug, name) in enumerate(CATEGORIES, start=1):
        NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
