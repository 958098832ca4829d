"""PrintJob and WorkerHeartbeat now belong to the paper layer (papers 0001): dropped from this app's state only,
their tables and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_job_heartbeats"),
        ("papers", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="WorkerHeartbeat"),
                migrations.DeleteModel(name="PrintJob"),
            ],
            database_operations=[],
        ),
    ]
