"""Exports asked for in the admin, written by a background task.

Rules:
- only who may export the consultation asks for an export (permissions.can_export); one with the
  proposals' authors' names also needs permissions.can_export_named;
- the job and its task are saved in one transaction: a job is never left without its task;
- the task writes into a temporary folder beside the exports, then moves the finished file in
  place under a name nobody can guess, so a half-written file is never offered; a zip of the CSV
  files is written file by file, so memory stays flat whatever the size;
- progress is saved every writers.PROGRESS_EVERY rows, not every row;
- a file is kept EXPORTS_KEPT_DAYS days after it is written (a job that never ran, as long after
  it was asked for), then purge_expired_exports deletes the file and its row;
- every export is logged on the consultation (consultation_export: who, format, named or not).
"""

import logging
import os
import secrets
import shutil
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ..consultation_export import export_consultation
from ..consultation_export.tables import tables_for
from ..models import ExportFile
from ..permissions import can_export, can_export_named

logger = logging.getLogger(__name__)


def kept_until(moment):
    return moment + timedelta(days=settings.EXPORTS_KEPT_DAYS)


def request_export(consultation, *, user, fmt, named=False):
    """Queue an export of `consultation` for `user`; returns the job (ExportFile).

    Raises PermissionDenied unless the user may export it (named: with the authors' names), and
    ValidationError for an unknown format."""
    if fmt not in ExportFile.Format.values:
        raise ValidationError(_("Unknown export format."))
    allowed = can_export_named(user, consultation) if named else can_export(user, consultation)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    now = timezone.now()
    with transaction.atomic():
        job = ExportFile.objects.create(
            consultation=consultation, requested_by=user, format=fmt, named=named,
            tables_total=len(tables_for(named=named)), created_at=now, expires_at=kept_until(now),
        )
        run_export.enqueue(job.pk)
    job.refresh_from_db()
    return job


class _Progress:
    """Saves how far the writer got: the table being written and the rows written so far."""

    def __init__(self, job_id, named):
        self.job_id = job_id
        self.names = [table.name for table in tables_for(named=named)]
        self.rows = {}

    def __call__(self, table, rows):
        self.rows[table] = rows
        ExportFile.objects.filter(pk=self.job_id).update(
            tables_done=self.names.index(table), rows_written=sum(self.rows.values())
        )


@task()
def run_export(job_id):
    """Write the export of one queued job; a job purged or already run meanwhile is left alone."""
    claimed = ExportFile.objects.filter(pk=job_id, state=ExportFile.State.QUEUED).update(
        state=ExportFile.State.RUNNING
    )
    if not claimed:
        return
    job = ExportFile.objects.select_related("consultation", "requested_by").get(pk=job_id)
    root = Path(settings.EXPORTS_ROOT)
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(dir=root / "tmp") as work:
            written = _write(job, Path(work))
            name = f"{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}{written.suffix}"
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(written, root / name)
    except Exception as error:
        logger.exception("Export %s failed", job_id)
        ExportFile.objects.filter(pk=job_id).update(
            state=ExportFile.State.FAILED, error=str(error)[:1000], finished_at=timezone.now()
        )
        return
    now = timezone.now()
    ExportFile.objects.filter(pk=job_id).update(
        state=ExportFile.State.DONE, file=name, size=(root / name).stat().st_size,
        tables_done=job.tables_total, finished_at=now, expires_at=kept_until(now),
    )


def _write(job, work):
    progress = _Progress(job.pk, job.named)
    if job.format != ExportFile.Format.CSV:
        output = work / f"export.{job.format}"
        export_consultation(
            job.consultation, job.format, output, user=job.requested_by, named=job.named, progress=progress
        )
        return output
    folder = work / "tables"
    # Semicolons: the people who open these files use French spreadsheet software.
    export_consultation(
        job.consultation, "csv", folder, delimiter=";", user=job.requested_by, named=job.named,
        progress=progress,
    )
    output = work / "export.zip"
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, arcname=path.name)
    shutil.rmtree(folder)
    return output


def purge_expired_exports(now=None):
    """Delete the expired exports, files and rows; returns how many. Run daily."""
    expired = list(ExportFile.objects.expired(now).only("pk", "file"))
    for job in expired:
        if job.file:
            job.file.storage.delete(job.file.name)
    ExportFile.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
