"""Codes people copy by hand: ballot receipts and resident letter codes.

One alphabet without the look-alikes 0/O and 1/I, printed in groups of four, and read back
whatever the case and whatever separates the groups (spaces, hyphens, dashes, dots).
"""

import re

from django.utils.crypto import get_random_string

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GROUP = 4
SEPARATORS = re.compile(r"[\W_]+")


def new_code(length):
    """`length` characters of the alphabet, drawn with the secrets module."""
    return get_random_string(length, ALPHABET)


def grouped(code):
    """The code as printed: "ABCD-EFGH-JKLM"."""
    return "-".join(code[start : start + GROUP] for start in range(0, len(code), GROUP))


def normalised(typed):
    """The code as typed, in capitals and without separators; other characters are kept, so
    that a code holding a letter of no code stays invalid."""
    return SEPARATORS.sub("", typed).upper()


def is_well_formed(code, length):
    """Whether a normalised code could have been made by new_code(length)."""
    return len(code) == length and not set(code) - set(ALPHABET)
