from django.db import migrations, models

# The booleans a schedule had, and the kind each stood for.
FLAGS = [
    ("monthly", "month"),
    ("quarterly", "quarter"),
    ("half_yearly", "half_year"),
    ("nine_monthly", "nine_months"),
    ("yearly", "year"),
]


def kinds_from_flags(apps, schema_editor):
    ReportingKind = apps.get_model("reporting", "ReportingKind")
    ReportingSchedule = apps.get_model("reporting", "ReportingSchedule")
    kinds = {kind.code: kind for kind in ReportingKind.objects.all()}
    for schedule in ReportingSchedule.objects.all():
        chosen = [kinds[code] for flag, code in FLAGS if getattr(schedule, flag)]
        schedule.kinds.set(chosen)
        chosen.sort(key=lambda kind: -kind.precedence)
        schedule.kinds_summary = "; ".join(kind.name for kind in chosen)
        schedule.save(update_fields=["kinds_summary"])


def flags_from_kinds(apps, schema_editor):
    ReportingSchedule = apps.get_model("reporting", "ReportingSchedule")
    for schedule in ReportingSchedule.objects.all():
        codes = set(schedule.kinds.values_list("code", flat=True))
        for flag, code in FLAGS:
            setattr(schedule, flag, code in codes)
        schedule.save(update_fields=[flag for flag, _code in FLAGS])


class Migration(migrations.Migration):
    dependencies = [("reporting", "0011_reporting_kinds")]

    operations = [
        migrations.AddField(
            model_name="historicalreportingschedule",
            name="kinds_summary",
            field=models.TextField(blank=True, default="", verbose_name="reporting periods"),
        ),
        migrations.AddField(
            model_name="reportingschedule",
            name="kinds_summary",
            field=models.TextField(blank=True, default="", verbose_name="reporting periods"),
        ),
        migrations.AddField(
            model_name="reportingschedule",
            name="kinds",
            field=models.ManyToManyField(
                help_text="The kinds of period the plan's leads report on.",
                related_name="schedules",
                to="reporting.reportingkind",
                verbose_name="reporting periods",
            ),
        ),
        migrations.RunPython(kinds_from_flags, flags_from_kinds),
    ]
