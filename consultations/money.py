"""Amounts of money as the portal writes them: whole euros, grouped the way the reader's language
writes numbers (1 850 000 € in French, 1,850,000 € in English)."""

from decimal import Decimal

from django.utils.formats import number_format


def format_euros(amount):
    if amount is None:
        return ""
    return number_format(amount, decimal_pos=0, force_grouping=True) + "\u00a0€"


def format_euros_cents(amount):
    """An amount that may have cents (a voter's share, a price per supporter): two decimals,
    unless it is whole."""
    if amount is None:
        return ""
    amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    decimals = 0 if amount == amount.to_integral_value() else 2
    return number_format(amount, decimal_pos=decimals, force_grouping=True) + "\u00a0€"
