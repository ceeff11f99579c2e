"""Amounts of money as the portal writes them: whole euros, grouped the way the reader's language
writes numbers (1 850 000 € in French, 1,850,000 € in English)."""

from django.utils.formats import number_format


def format_euros(amount):
    if amount is None:
        return ""
    return number_format(amount, decimal_pos=0, force_grouping=True) + "\u00a0€"
