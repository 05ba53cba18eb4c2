from datetime import date

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# The kinds of Nghị định 09/2019/NĐ-CP as provinces apply it, written and ranked exactly as
# Thaogo did before kinds were data: (code, name, months, last months, label, precedence,
# chosen for a new plan).
KINDS = [
    ("month", "Hằng tháng", 1, "1,2,3,4,5,6,7,8,9,10,11,12", "Tháng {number}/{year}", 1, False),
    ("quarter", "Hằng quý", 3, "3,6,9,12", "Quý {roman}/{year}", 2, True),
    ("half_year", "6 tháng", 6, "6", "6 tháng đầu năm {year}", 3, True),
    ("nine_months", "9 tháng", 9, "9", "9 tháng đầu năm {year}", 4, False),
    ("year", "Hằng năm", 12, "12", "Năm {year}", 5, True),
]


def seed(apps, schema_editor):
    ReportingKind = apps.get_model("reporting", "ReportingKind")
    for code, name, span, last_months, label, precedence, default in KINDS:
        ReportingKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "span_months": span,
                "last_months": last_months,
                "label_pattern": label,
                "precedence": precedence,
                "is_default": default,
                "valid_from": date(2019, 1, 1),
                "legal_basis": "Nghị định 09/2019/NĐ-CP",
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0010_holiday_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalReportingKind",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "ip_address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
                ),
                (
                    "code",
                    models.CharField(
                        db_index=True,
                        help_text="Lowercase letters without accents, digits and _; kept with each report.",
                        max_length=12,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z0-9_]+\\Z",
                                "Use lowercase letters without accents, digits and _ only.",
                            )
                        ],
                        verbose_name="code",
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="e.g. Hằng quý.", max_length=80, verbose_name="name"
                    ),
                ),
                (
                    "span_months",
                    models.PositiveSmallIntegerField(
                        help_text="How many months one period covers, 1 to 12.",
                        verbose_name="months in a period",
                    ),
                ),
                (
                    "last_months",
                    models.CharField(
                        help_text="The month in which each period of a year ends, in order, separated by commas: 3,6,9,12 for quarters.",
                        max_length=40,
                        verbose_name="last month of each period",
                    ),
                ),
                (
                    "label_pattern",
                    models.CharField(
                        help_text="With {number} (the period's number in the year), {roman} (the same in Roman numerals) and {year}: Quý {roman}/{year}, 6 tháng đầu năm {year}.",
                        max_length=80,
                        verbose_name="how a period is written",
                    ),
                ),
                (
                    "precedence",
                    models.PositiveSmallIntegerField(
                        help_text="When two kinds end on the same cut-off day, the report of the kind with the higher precedence stands for both.",
                        verbose_name="precedence",
                    ),
                ),
                (
                    "is_default",
                    models.BooleanField(
                        default=False,
                        help_text="A new plan's reporting schedule starts with the kinds marked here.",
                        verbose_name="chosen for a new plan",
                    ),
                ),
                ("valid_from", models.DateField(verbose_name="applies from")),
                (
                    "valid_until",
                    models.DateField(blank=True, null=True, verbose_name="applies until"),
                ),
                (
                    "legal_basis",
                    models.CharField(blank=True, max_length=200, verbose_name="legal basis"),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical reporting kind",
                "verbose_name_plural": "historical reporting kinds",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ReportingKind",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        unique=True,
                        help_text="Lowercase letters without accents, digits and _; kept with each report.",
                        max_length=12,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z0-9_]+\\Z",
                                "Use lowercase letters without accents, digits and _ only.",
                            )
                        ],
                        verbose_name="code",
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="e.g. Hằng quý.", max_length=80, verbose_name="name"
                    ),
                ),
                (
                    "span_months",
                    models.PositiveSmallIntegerField(
                        help_text="How many months one period covers, 1 to 12.",
                        verbose_name="months in a period",
                    ),
                ),
                (
                    "last_months",
                    models.CharField(
                        help_text="The month in which each period of a year ends, in order, separated by commas: 3,6,9,12 for quarters.",
                        max_length=40,
                        verbose_name="last month of each period",
                    ),
                ),
                (
                    "label_pattern",
                    models.CharField(
                        help_text="With {number} (the period's number in the year), {roman} (the same in Roman numerals) and {year}: Quý {roman}/{year}, 6 tháng đầu năm {year}.",
                        max_length=80,
                        verbose_name="how a period is written",
                    ),
                ),
                (
                    "precedence",
                    models.PositiveSmallIntegerField(
                        help_text="When two kinds end on the same cut-off day, the report of the kind with the higher precedence stands for both.",
                        verbose_name="precedence",
                    ),
                ),
                (
                    "is_default",
                    models.BooleanField(
                        default=False,
                        help_text="A new plan's reporting schedule starts with the kinds marked here.",
                        verbose_name="chosen for a new plan",
                    ),
                ),
                ("valid_from", models.DateField(verbose_name="applies from")),
                (
                    "valid_until",
                    models.DateField(blank=True, null=True, verbose_name="applies until"),
                ),
                (
                    "legal_basis",
                    models.CharField(blank=True, max_length=200, verbose_name="legal basis"),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
            ],
            options={
                "verbose_name": "reporting kind",
                "verbose_name_plural": "reporting kinds",
                "ordering": ["-precedence", "code"],
            },
        ),
        migrations.AddField(
            model_name="historicalreportingkind",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="reportingkind",
            constraint=models.CheckConstraint(
                condition=models.Q(("span_months__gte", 1), ("span_months__lte", 12)),
                name="reporting_kind_span_in_a_year",
                violation_error_message="A period spans 1 to 12 months.",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportingkind",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_until__isnull", True),
                    ("valid_until__gte", models.F("valid_from")),
                    _connector="OR",
                ),
                name="reporting_kind_valid_until_after_from",
                violation_error_message="The end date cannot be before the start date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportingkind",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("code", ""), _negated=True),
                    models.Q(("last_months", ""), _negated=True),
                    models.Q(("label_pattern", ""), _negated=True),
                ),
                name="reporting_kind_defined",
                violation_error_message="A kind has a code, the months its periods end in and a label.",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportingkind",
            constraint=models.CheckConstraint(
                condition=models.Q(("precedence__lte", 1000)),
                name="reporting_kind_precedence_reasonable",
                violation_error_message="Precedence is a number up to 1.000.",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
