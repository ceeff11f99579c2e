"""Solidarity loans: the schedule a campaign promises its lenders and the repayments its holder
records. Each lender's share of an instalment is a row of its own, so what a lender was repaid is
read, never recomputed, and an instalment recorded twice is refused by the database."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class LoanInstalment(Orderable):
    """One due date of the schedule: `percent` of every loan is repaid by `due_on`."""

    campaign = ParentalKey("financing.CampaignPage", on_delete=models.CASCADE, related_name="loan_instalments")
    due_on = models.DateField(_("due on"))
    percent = models.PositiveSmallIntegerField(
        _("share of the loan (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    panels = [FieldRowPanel([FieldPanel("due_on"), FieldPanel("percent")])]

    class Meta(Orderable.Meta):
        verbose_name = _("repayment instalment")
        verbose_name_plural = _("repayment instalments")

    def __str__(self):
        return f"{self.due_on} ({self.percent} %)"


class Repayment(models.Model):
    pledge = models.ForeignKey("financing.Pledge", on_delete=models.PROTECT, related_name="repayments")
    instalment = models.ForeignKey(
        LoanInstalment, null=True, blank=True, on_delete=models.PROTECT, related_name="repayments",
        verbose_name=_("instalment"),
    )
    amount_cents = models.PositiveBigIntegerField(_("amount repaid (cents)"))
    paid_on = models.DateField(_("repaid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded on"), auto_now_add=True)

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="repayment_amount_positive"),
            models.UniqueConstraint(
                fields=["pledge", "instalment"], condition=Q(instalment__isnull=False),
                name="instalment_repaid_once_per_loan",
            ),
        ]

    def __str__(self):
        return f"{self.pledge_id}: {self.amount_cents / 100:.2f} €"
