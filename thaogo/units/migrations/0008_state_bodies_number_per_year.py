from django.db import migrations


def per_year(apps, schema_editor):
    # State bodies number per calendar year (NĐ 30/2020); Party committees keep the term.
    Unit = apps.get_model("units", "Unit")
    Unit.objects.filter(document_style="state").update(numbering_series="year")


class Migration(migrations.Migration):
    dependencies = [("units", "0007_numbering_series_and_terms")]
    operations = [migrations.RunPython(per_year, migrations.RunPython.noop)]
