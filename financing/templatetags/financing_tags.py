"""Amounts kept in cents, written as the rest of the portal writes euros (consultations/money.py):
« 3 450 € » in French, cents only when there are some."""

from decimal import Decimal

from django import template

from consultations.money import format_euros_cents

register = template.Library()


@register.filter
def cents_as_euros(cents):
    if cents in (None, ""):
        return ""
    return format_euros_cents(Decimal(int(cents)) / 100)
