"""French typography the translation catalogue cannot express by itself.

- The first day of a month is an ordinal in French: « 1er février », never « 1 février »; every
  other day, and every other language, keeps Django's format (« 2 février », "1 February").
- « de », « le » and « que » are elided before a name that starts with a vowel: « commentaire
  d’Inès », not « commentaire de Inès ». A name starting with an h is left alone: whether its h is
  mute cannot be told from the letters.
"""

import re
import unicodedata

from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.translation import get_language

# A "j" (day of the month) not escaped by a backslash.
_DAY = re.compile(r"(?<!\\)j")


def _is_french():
    return (get_language() or "").split("-")[0] == "fr"


def date_format(value, format=None):
    """Django's formats.date_format, with « 1er » for the first of the month in French."""
    pattern = get_format(format or "DATE_FORMAT")
    if _is_french() and getattr(value, "day", None) == 1:
        pattern = _DAY.sub(r"j\\e\\r", pattern)
    return dateformat.format(value, pattern)


def _starts_with_vowel(text):
    first = unicodedata.normalize("NFD", str(text).lstrip()[:1])[:1].lower()
    return first in "aeiouy" and first != ""


def with_elision(message, **values):
    """`message % values`, eliding « de », « le » or « que » just before a value that starts with
    a vowel, in French only (the message is the translated one)."""
    if _is_french():
        for key, value in values.items():
            if _starts_with_vowel(value):
                message = re.sub(
                    rf"\b([DdLl]|[Qq]u)e %\({key}\)s", rf"\1’%({key})s", message
                )
    return message % values
