"""Background tasks of the reports app (run by `manage.py db_worker`)."""

from django_tasks import task


@task()
def run_print_job(job_id: int) -> dict:
    """Print one batch print job; the job row carries the progress and the result."""
    from reports.services import print_job_run

    job = print_job_run(job_id=job_id)
    return {"job": job.pk, "status": job.status, "pages": job.pages, "errors": len(job.errors)}
