"""`manage.py worker`: the background worker for batch printing (see papers/worker.py).

Takes the options of django_tasks_db's `db_worker` (--queue-name, --interval, --batch, --worker-id, ...).
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from papers.worker import SurvivingWorker, heartbeat_seconds


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker: batch print jobs, with a heartbeat, lost jobs taken up again and "
        "database-lock errors waited out."
    )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        reload = reload and not batch
        worker = SurvivingWorker(
            heartbeat_seconds=heartbeat_seconds(),
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
