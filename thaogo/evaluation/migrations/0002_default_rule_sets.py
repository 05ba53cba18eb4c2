"""The default rule sets, so a committee can open a round on day one.

Quy định 366-QĐ/TW of 30/8/2025 (which replaced Quy định 124-QĐ/TW) scores cadres on 100
points: 30 for the general criteria and 70 for the results of their tasks, rated ≥ 90
excellent, 70 to < 90 good, 50 to < 70 fulfilled, < 50 not fulfilled; "excellent" needs every
task on time with results at least 30 % beyond requirement, and "good" every task on time. Nghị định 335/2025/NĐ-CP (civil
servants, from 1/1/2026) deducts 25 % of an item's points when it is late and allows
"excellent" to at most 20 % of those rated "good". A cadre disciplined in the period is
rated "not fulfilled".

Periods before 30/8/2025 are evaluated under the rules of Quy định 124-QĐ/TW; the committee
applied the same 100-point scale to them, so the earlier rule set holds the same numbers.
Both are data: the Organization Board edits or replaces them in Thaogo's pages.
"""

from django.db import migrations

CRITERIA = [
    {"name": "Chính trị, tư tưởng", "max": "10"},
    {"name": "Đạo đức, lối sống; ý thức tổ chức kỷ luật", "max": "10"},
    {"name": "Tác phong, lề lối làm việc; tinh thần đoàn kết", "max": "10"},
]

RULE_SETS = [
    {
        "name": "Quy tắc đánh giá theo Quy định 124-QĐ/TW",
        "legal_basis": "Quy định 124-QĐ/TW ngày 02/02/2023; thang 100 điểm do cấp ủy áp dụng",
        "effective_from": "2023-01-01",
    },
    {
        "name": "Quy tắc đánh giá theo Quy định 366-QĐ/TW",
        "legal_basis": "Quy định 366-QĐ/TW ngày 30/8/2025; Nghị định 335/2025/NĐ-CP",
        "effective_from": "2025-08-30",
    },
]


def add_rule_sets(apps, schema_editor):
    RuleSet = apps.get_model("evaluation", "RuleSet")
    for values in RULE_SETS:
        RuleSet.objects.get_or_create(
            effective_from=values["effective_from"],
            defaults={**values, "criteria": CRITERIA},
        )


def remove_rule_sets(apps, schema_editor):
    RuleSet = apps.get_model("evaluation", "RuleSet")
    RuleSet.objects.filter(
        effective_from__in=[values["effective_from"] for values in RULE_SETS], rounds__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_rule_sets_rounds_evaluations")]

    operations = [migrations.RunPython(add_rule_sets, remove_rule_sets)]
