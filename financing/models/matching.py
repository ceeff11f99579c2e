"""The public company's yearly matching envelope per site: what it may add to campaigns."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class MatchingEnvelope(models.Model):
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="matching_envelopes")
    year = models.PositiveSmallIntegerField(_("year"))
    amount_cents = models.PositiveBigIntegerField(_("envelope (cents)"))
    # Matching held by counted pledges; the database refuses more than the envelope.
    used_cents = models.PositiveBigIntegerField(_("used (cents)"), default=0, editable=False)

    class Meta:
        verbose_name = _("matching envelope")
        verbose_name_plural = _("matching envelopes")
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="one_envelope_per_site_and_year"),
            models.CheckConstraint(condition=Q(used_cents__lte=F("amount_cents")), name="envelope_never_exceeded"),
        ]

    def __str__(self):
        return f"{self.site} {self.year}"

    @property
    def left_cents(self):
        return max(self.amount_cents - self.used_cents, 0)
