"""Business financing is regulated (EU regulation 2020/1503): the portal only records who would
invest and how much, and sends them to the licensed platform that runs the offer."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class InterestExpression(models.Model):
    campaign = models.ForeignKey(
        "financing.CampaignPage", on_delete=models.CASCADE, related_name="interest_expressions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interest_expressions",
        verbose_name=_("user"),
    )
    amount_cents = models.PositiveBigIntegerField(
        _("amount considered (cents)"), validators=[MinValueValidator(100)]
    )
    created_at = models.DateTimeField(_("expressed on"), auto_now_add=True)
    changed_at = models.DateTimeField(_("last changed on"), auto_now=True)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="one_interest_per_campaign")]

    def __str__(self):
        return f"{self.user_id} → {self.campaign_id}: {self.amount_cents / 100:.2f} €"
