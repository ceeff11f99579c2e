from django.db import models
from django.utils.translation import gettext_lazy as _


class Version(models.Model):
    """How many times something pages are built from has changed: a consultation's contributions,
    the published content, participants' names, one reader's own actions (freshness/versions.py)."""

    key = models.CharField(_("key"), max_length=80, primary_key=True)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self):
        return f"{self.key}={self.value}"
