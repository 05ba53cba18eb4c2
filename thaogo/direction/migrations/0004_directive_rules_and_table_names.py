import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every directive now has its task and a source; the tables take the app's name."""

    dependencies = [
        ('direction', '0003_fill_directive_task'),
    ]

    operations = [
        migrations.AlterField(
            model_name='directive',
            name='task',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='directives', to='tasks.task', verbose_name='task'),
        ),
        migrations.AddConstraint(
            model_name='directive',
            constraint=models.CheckConstraint(condition=models.Q(('meeting__isnull', False), ('source_document__isnull', False), _connector='OR'), name='directive_has_a_source', violation_error_message='A directive comes from a meeting or from a document: name its source.'),
        ),
        migrations.AlterModelTable(
            name='agendaitem',
            table=None,
        ),
        migrations.AlterModelTable(
            name='directive',
            table=None,
        ),
        migrations.AlterModelTable(
            name='historicaldirective',
            table=None,
        ),
        migrations.AlterModelTable(
            name='historicalmeeting',
            table=None,
        ),
        migrations.AlterModelTable(
            name='historicalproposal',
            table=None,
        ),
        migrations.AlterModelTable(
            name='meeting',
            table=None,
        ),
        migrations.AlterModelTable(
            name='proposal',
            table=None,
        ),
    ]
