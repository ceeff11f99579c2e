"""French postcodes as people type them: spaces are dropped and five digits are required.

Lists of postcodes (a neighbourhood's, the eligible ones of a consultation) are separated by
commas or semicolons and kept as "69003, 69007".
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

french_postcode = RegexValidator(
    r"^\d{5}$", _("A French postcode has five digits, e.g. 69003."), code="postcode"
)
LIST_SEPARATORS = re.compile(r"[,;]")


def tidy_postcode(typed):
    """The postcode without any space (a non-breaking one included)."""
    return "".join((typed or "").split())


def clean_postcode(typed):
    """The typed postcode, tidied; "" for none. Raises ValidationError unless five digits."""
    postcode = tidy_postcode(typed)
    if postcode:
        french_postcode(postcode)
    return postcode


def postcode_list(text):
    """The postcodes of a list, tidied; a wrong one is kept as typed and matches nobody."""
    return [postcode for postcode in map(tidy_postcode, LIST_SEPARATORS.split(text or "")) if postcode]


def clean_postcode_list(text):
    """The list as it is kept, "69003, 69007". Raises ValidationError naming a wrong postcode."""
    postcodes = postcode_list(text)
    for postcode in postcodes:
        try:
            french_postcode(postcode)
        except ValidationError:
            raise ValidationError(
                _("“%(postcode)s” is not a postcode: a French postcode has five digits, e.g. 69003."),
                code="postcode",
                params={"postcode": postcode},
            ) from None
    return ", ".join(postcodes)


class PostcodeField(forms.CharField):
    """A form field for one postcode, read with clean_postcode's rules."""

    default_validators = [french_postcode]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def to_python(self, value):
        return tidy_postcode(super().to_python(value))
