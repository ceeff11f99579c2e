"""Under which licence a site publishes its consultations' open data."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Licence(models.TextChoices):
    ETALAB = "etalab-2.0", _("Licence Ouverte 2.0 (Etalab)")
    ODBL = "ODbL-1.0", _("Open Database License (ODbL) 1.0")
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")


# What datapackage.json says of each licence (Frictionless Data Package "licenses"), and the short
# name the download link gives.
LICENCE_TERMS = {
    Licence.ETALAB: {
        "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "title": "Licence Ouverte / Open Licence version 2.0",
        "short": "Licence Ouverte 2.0",
    },
    Licence.ODBL: {
        "path": "https://opendatacommons.org/licenses/odbl/1-0/",
        "title": "Open Data Commons Open Database License (ODbL) 1.0",
        "short": "ODbL 1.0",
    },
    Licence.CC_BY: {
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 International",
        "short": "CC BY 4.0",
    },
}


@register_setting(icon="download")
class OpenDataSettings(BaseSiteSetting):
    """How a site's closed consultations are published as open data."""

    licence = models.CharField(
        _("licence of the open data"),
        max_length=20,
        choices=Licence.choices,
        default=Licence.ETALAB,
        help_text=_(
            "The licence under which anyone may reuse the open data of this site's closed consultations."
        ),
    )

    class Meta:
        verbose_name = _("open data")

    @property
    def terms(self):
        return LICENCE_TERMS[Licence(self.licence)]
