"""The count's models moved to the `count` app (its 0001 took them over, tables and rows unchanged)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('conference', '0002_count'),
        ('count', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='TallyEntryVote'),
                migrations.DeleteModel(name='TallyEntry'),
                migrations.DeleteModel(name='CountVote'),
                migrations.DeleteModel(name='Corrigendum'),
                migrations.DeleteModel(name='RecognitionDecision'),
                migrations.DeleteModel(name='Count'),
            ],
            database_operations=[],
        ),
    ]
