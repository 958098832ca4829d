"""PrintJob and WorkerHeartbeat move from the reports app to the paper layer: state only, the tables stay
(reports_printjob, reports_workerheartbeat) with their rows; reports' 0003 drops them from its state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("elections", "0001_initial"),
        ("residents", "0001_initial"),
        ("reports", "0002_job_heartbeats"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PrintJob",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=40, verbose_name="papers")),
                        ("options", models.JSONField(blank=True, default=dict, verbose_name="options")),
                        ("requested_at", models.DateTimeField(auto_now_add=True, verbose_name="requested at")),
                        ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started at")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                        ("status", models.CharField(choices=[("queued", "Waiting for the worker"), ("running", "Printing"), ("done", "Done"), ("failed", "Failed")], default="queued", max_length=10, verbose_name="status")),
                        ("total", models.PositiveIntegerField(default=0, verbose_name="groups to print")),
                        ("done", models.PositiveIntegerField(default=0, verbose_name="groups processed")),
                        ("printed", models.PositiveIntegerField(default=0, verbose_name="groups printed")),
                        ("errors", models.JSONField(blank=True, default=list, verbose_name="errors")),
                        ("failure", models.TextField(blank=True, verbose_name="reason the job failed")),
                        ("file", models.FileField(blank=True, upload_to="print_jobs/%Y/%m/", verbose_name="PDF file")),
                        ("pages", models.PositiveIntegerField(default=0, verbose_name="pages")),
                        ("task_result_id", models.CharField(blank=True, editable=False, max_length=64)),
                        ("worker_id", models.CharField(blank=True, editable=False, max_length=64, verbose_name="worker")),
                        ("heartbeat_at", models.DateTimeField(blank=True, editable=False, null=True, verbose_name="last sign of life")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="attempts")),
                        ("campaign", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="print_jobs", to="elections.campaign", verbose_name="campaign")),
                        ("party_cell", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="residents.partycell", verbose_name="only the groups of the Party cell")),
                        ("requested_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="print_jobs", to=settings.AUTH_USER_MODEL, verbose_name="requested by")),
                    ],
                    options={
                        "verbose_name": "batch print job",
                        "verbose_name_plural": "batch print jobs",
                        "db_table": "reports_printjob",
                        "ordering": ["-requested_at", "-pk"],
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(("done__lte", models.F("total"))), name="printjob_done_within_total"),
                            models.CheckConstraint(condition=models.Q(("printed__lte", models.F("done"))), name="printjob_printed_within_done"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="WorkerHeartbeat",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("worker_id", models.CharField(max_length=64, unique=True, verbose_name="worker")),
                        ("hostname", models.CharField(max_length=255, verbose_name="machine")),
                        ("pid", models.PositiveIntegerField(verbose_name="process")),
                        ("started_at", models.DateTimeField(verbose_name="started at")),
                        ("seen_at", models.DateTimeField(db_index=True, verbose_name="last sign of life")),
                        ("stopped_at", models.DateTimeField(blank=True, null=True, verbose_name="stopped at")),
                        ("job", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="papers.printjob", verbose_name="current job")),
                    ],
                    options={
                        "verbose_name": "background worker",
                        "verbose_name_plural": "background workers",
                        "db_table": "reports_workerheartbeat",
                        "ordering": ["-seen_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
