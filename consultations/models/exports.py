from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def exports_storage():
    # A callable, read when used: the folder follows settings (tests move it) and never
    # gets a URL, since files leave only through the download view's permission check.
    return FileSystemStorage(location=settings.EXPORTS_ROOT, base_url=None)


class ExportFileQuerySet(models.QuerySet):
    def requested_by(self, user):
        return self.filter(requested_by=user)

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())

    def available(self, now=None):
        return self.filter(state=ExportFile.State.DONE, expires_at__gt=now or timezone.now())


class ExportFile(models.Model):
    """One export of a consultation asked for in the admin: queued, written by a background
    task (services/exports.py), downloadable until it expires, then purged."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV (a zip of one file per table)")
        XLSX = "xlsx", _("Excel workbook (XLSX)")
        JSON = "json", _("JSON")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="export_files",
        verbose_name=_("consultation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("requested by"),
    )
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    named = models.BooleanField(_("with authors' names"), default=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    tables_done = models.PositiveSmallIntegerField(_("tables written"), default=0)
    tables_total = models.PositiveSmallIntegerField(_("tables"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), storage=exports_storage, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested on"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished on"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"))
    error = models.TextField(_("error"), blank=True)

    objects = ExportFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("export file")
        verbose_name_plural = _("export files")
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="export_by_requester"),
            models.Index(fields=["expires_at"], name="export_expiry"),
        ]

    def __str__(self):
        return f"{self.consultation_id} {self.format} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self):
        if self.state == self.State.DONE:
            return 100
        if not self.tables_total:
            return 0
        return 100 * self.tables_done // self.tables_total

    @property
    def short_format(self):
        return "CSV (zip)" if self.format == self.Format.CSV else self.format.upper()

    @property
    def download_name(self):
        extension = "zip" if self.format == self.Format.CSV else self.format
        named = "-nominatif" if self.named else ""
        return f"export-{self.consultation_id}{named}-{self.created_at:%Y%m%d-%H%M}.{extension}"
