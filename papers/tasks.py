"""Background tasks of the paper layer (run by `manage.py worker`, see papers/worker.py)."""

from django_tasks import task

from papers.runner import print_job_run


@task(takes_context=True)
def run_print_job(context, job_id: int) -> dict:
    """Print one batch print job; the job row carries the progress and the result."""
    worker_ids = context.task_result.worker_ids
    job = print_job_run(job_id=job_id, worker_id=worker_ids[-1] if worker_ids else "")
    return {"job": job.pk, "status": job.status, "pages": job.pages, "errors": len(job.errors)}
