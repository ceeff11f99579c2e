import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def plain_text(value):
    """Citizens write plain text: markup is refused rather than silently stored or stripped."""
    if nh3.is_html(value):
        raise ValidationError(
            _("Write plain text: HTML tags such as <b> or <script> are not accepted."),
            code="html",
        )
