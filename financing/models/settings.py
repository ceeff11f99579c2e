"""A site's pledge limits."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="pick")
class FinancingSettings(BaseSiteSetting):
    minimum_pledge_cents = models.PositiveBigIntegerField(
        _("smallest pledge (cents)"), default=500, validators=[MinValueValidator(100)]
    )
    maximum_pledge_cents = models.PositiveBigIntegerField(_("largest pledge (cents)"), default=200000)

    class Meta:
        verbose_name = _("participatory financing settings")

    def clean(self):
        super().clean()
        if self.maximum_pledge_cents < self.minimum_pledge_cents:
            raise ValidationError({"maximum_pledge_cents": _("The largest pledge must be at least the smallest.")})
