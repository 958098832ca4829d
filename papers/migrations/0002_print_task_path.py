"""The print task moved from reports.tasks to papers.tasks: tasks queued under the old path (django_tasks_db stores
the task's dotted path) are pointed at the new one, so a job queued before the upgrade still runs."""

from django.db import migrations

OLD = "reports.tasks.run_print_job"
NEW = "papers.tasks.run_print_job"


def forward(apps, schema_editor):
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(task_path=OLD).update(task_path=NEW)


def backward(apps, schema_editor):
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(task_path=NEW).update(task_path=OLD)


class Migration(migrations.Migration):

    dependencies = [
        ("papers", "0001_initial"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
