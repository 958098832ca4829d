"""Batch printing: one background job prints one kind of paper for many groups into one PDF."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from papers.kinds import kind_label


class PrintJob(models.Model):
    """A request to print every group's papers of one kind, run by the task worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Printing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.DONE, Status.FAILED)

    campaign = models.ForeignKey(
        "elections.Campaign", on_delete=models.CASCADE, related_name="print_jobs", verbose_name=_("campaign")
    )
    kind = models.CharField(_("papers"), max_length=40)
    options = models.JSONField(_("options"), default=dict, blank=True)
    party_cell = models.ForeignKey(
        "residents.PartyCell",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only the groups of the Party cell"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="print_jobs", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("groups to print"), default=0)
    done = models.PositiveIntegerField(_("groups processed"), default=0)
    printed = models.PositiveIntegerField(_("groups printed"), default=0)
    # [{"group": "Tổ dân phố 5", "code": "05", "message": "..."}]: one entry per group that could not be printed.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    failure = models.TextField(_("reason the job failed"), blank=True)
    file = models.FileField(_("PDF file"), upload_to="print_jobs/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    task_result_id = models.CharField(max_length=64, blank=True, editable=False)
    # The job's life in the workers: which worker runs it, when that worker last said it was alive, and how many
    # times a worker took it up (a job whose worker disappeared is taken up again, a few times at most).
    worker_id = models.CharField(_("worker"), max_length=64, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)

    class Meta:
        # The table the model had in the reports app (moved with SeparateDatabaseAndState, rows kept).
        db_table = "reports_printjob"
        verbose_name = _("batch print job")
        verbose_name_plural = _("batch print jobs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="printjob_done_within_total"),
            models.CheckConstraint(condition=Q(printed__lte=models.F("done")), name="printjob_printed_within_done"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} ({self.requested_at:%d/%m/%Y %H:%M})" if self.requested_at else self.kind_label

    @property
    def kind_label(self) -> str:
        kinds = (self.options or {}).get("kinds")
        if kinds:
            return "; ".join(str(kind_label(code)) for code in kinds)
        return str(kind_label(self.kind))

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class WorkerHeartbeat(models.Model):
    """One background worker process: it writes `seen_at` every few seconds while it lives."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("machine"), max_length=255)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last sign of life"), db_index=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    job = models.ForeignKey(
        PrintJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("current job")
    )

    class Meta:
        db_table = "reports_workerheartbeat"
        verbose_name = _("background worker")
        verbose_name_plural = _("background workers")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"
