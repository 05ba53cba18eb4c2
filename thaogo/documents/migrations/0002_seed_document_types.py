from django.db import migrations

# Party document types (Hướng dẫn 36-HD/VPTW) and their codes; State documents use the same
# codes. Administrators add more in the admin.
TYPES = [
    ("NQ", "Nghị quyết"),
    ("QĐ", "Quyết định"),
    ("CT", "Chỉ thị"),
    ("KL", "Kết luận"),
    ("QC", "Quy chế"),
    ("QĐi", "Quy định"),
    ("TT", "Thông tri"),
    ("HD", "Hướng dẫn"),
    ("BC", "Báo cáo"),
    ("KH", "Kế hoạch"),
    ("CTr", "Chương trình"),
    ("TB", "Thông báo"),
    ("TTr", "Tờ trình"),
    ("CV", "Công văn"),
    ("BB", "Biên bản"),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for order, (code, name) in enumerate(TYPES, start=1):
        DocumentType.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
