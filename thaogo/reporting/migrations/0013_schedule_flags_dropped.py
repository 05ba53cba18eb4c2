from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reporting", "0012_schedule_kinds")]

    operations = [
        migrations.RemoveConstraint(
            model_name="reportingschedule",
            name="schedule_has_a_period",
        ),
        migrations.RemoveField(
            model_name="historicalreportingschedule",
            name="half_yearly",
        ),
        migrations.RemoveField(
            model_name="historicalreportingschedule",
            name="monthly",
        ),
        migrations.RemoveField(
            model_name="historicalreportingschedule",
            name="nine_monthly",
        ),
        migrations.RemoveField(
            model_name="historicalreportingschedule",
            name="quarterly",
        ),
        migrations.RemoveField(
            model_name="historicalreportingschedule",
            name="yearly",
        ),
        migrations.RemoveField(
            model_name="reportingschedule",
            name="half_yearly",
        ),
        migrations.RemoveField(
            model_name="reportingschedule",
            name="monthly",
        ),
        migrations.RemoveField(
            model_name="reportingschedule",
            name="nine_monthly",
        ),
        migrations.RemoveField(
            model_name="reportingschedule",
            name="quarterly",
        ),
        migrations.RemoveField(
            model_name="reportingschedule",
            name="yearly",
        ),
        migrations.AlterField(
            model_name="historicalperiodreport",
            name="kind",
            field=models.CharField(max_length=12, verbose_name="period kind"),
        ),
        migrations.AlterField(
            model_name="periodreport",
            name="kind",
            field=models.CharField(max_length=12, verbose_name="period kind"),
        ),
        migrations.AlterField(
            model_name="reportobligation",
            name="kind",
            field=models.CharField(max_length=12, verbose_name="period kind"),
        ),
    ]
