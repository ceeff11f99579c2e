from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..postcodes import clean_postcode_list, postcode_list


class Located(models.Model):
    """A place on the map; the address alone is what readers without JavaScript get."""

    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    location_panel = MultiFieldPanel(
        [FieldPanel("address"), FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
        heading=_("Location"),
    )

    class Meta:
        abstract = True


class Neighbourhood(index.Indexed, models.Model):
    """An area of the metropolis; consultations and verified residents are tied to it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    postcodes = models.CharField(
        _("postcodes"),
        max_length=200,
        blank=True,
        help_text=_("Postcodes covering this area, separated by commas, e.g. 69003, 69007."),
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            self.postcodes = clean_postcode_list(self.postcodes)
        except ValidationError as error:
            raise ValidationError({"postcodes": error}) from None

    @property
    def postcode_list(self):
        return postcode_list(self.postcodes)


class Facility(index.Indexed, models.Model):
    """A facility run by the public company: swimming pool, ice rink, campsite, exhibition hall."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilities",
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name"]

    def __str__(self):
        return self.name
