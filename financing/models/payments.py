"""A pledge's payment through django-payments (its dummy provider in the demo and tests, a real
one configured from the environment in production)."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from payments import PurchasedItem
from payments.core import get_base_url
from payments.models import BasePayment


class Payment(BasePayment):
    class GivenBack(models.TextChoices):
        RELEASED = "released", _("Authorisation released")
        REFUNDED = "refunded", _("Charge refunded")

    pledge = models.ForeignKey("financing.Pledge", on_delete=models.PROTECT, related_name="payments")
    # django-payments marks a released authorisation and a refunded charge alike (`refunded`): the
    # accounts need to know whether money was ever taken, whatever the provider's settings later.
    given_back = models.CharField(_("money given back"), max_length=10, choices=GivenBack.choices, blank=True)

    def get_failure_url(self):
        return self._return_url()

    def get_success_url(self):
        return self._return_url()

    def _return_url(self):
        # Back to the site the campaign belongs to (each facility's site has its own host), where
        # the backer is signed in; PAYMENT_HOST only when the campaign has no site.
        site = self.pledge.campaign.get_site()
        base = site.root_url if site is not None else get_base_url()
        return base + reverse("financing:pledge_payment_done", args=[self.pledge_id])

    def get_purchased_items(self):
        yield PurchasedItem(
            name=self.description, sku=f"pledge-{self.pledge_id}", quantity=1,
            price=Decimal(self.total), currency=self.currency,
        )
