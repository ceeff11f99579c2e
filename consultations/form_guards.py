"""Guards of the public forms against robots, which need no outside service: the proposal form
(both steps), the comment forms, the report form and the sign-up form.

Rules:
- a trap field, out of sight, hidden from screen readers and out of the keyboard's path, must
  come back empty: robots fill in every field they find, people never meet this one;
- a form carries the signed time it was first shown and must come back with it, unchanged, no
  sooner than FORM_MIN_FILL_SECONDS after it (people read and type; robots post at once) and no
  later than form_tokens.MAX_AGE;
- the check runs in the form's clean(), so a refused form reaches no service and stores nothing;
  the form shown again with the error is sent again as it is (the trap comes back empty, an
  unreadable time is replaced by a fresh one), so a person is never stuck.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .form_tokens import MAX_AGE

TRAP_FIELD = "website"
STARTED_FIELD = "form_started"
_SIGNER = signing.Signer(salt="consultations.form_guards.started")


def issue(started=None):
    """The signed time a form is shown (`started`, seconds since the epoch, defaults to now)."""
    return _SIGNER.sign(str(int(time.time() if started is None else started)))


def age(token):
    """Seconds since the form carrying `token` was shown; None for a missing or forged token."""
    try:
        return time.time() - int(_SIGNER.unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None


def check(data):
    """Raise ValidationError unless the sent `data` passes the guards of the module docstring."""
    if data.get(TRAP_FIELD):
        raise ValidationError(
            _("This form could not be sent: a field that only robots see was filled in. "
              "If you are a person, send the form again."),
            code="trap",
        )
    seconds = age(data.get(STARTED_FIELD))
    if seconds is None:
        raise ValidationError(_("This form could not be checked: send it again."), code="unsigned")
    if seconds > MAX_AGE:
        raise ValidationError(
            _("This form was opened too long ago: check it and send it again."), code="expired"
        )
    if seconds < settings.FORM_MIN_FILL_SECONDS:
        raise ValidationError(
            _("This form was sent a little too fast after it appeared: check it and send it again."),
            code="too_fast",
        )


def trap_html(field_id, name=TRAP_FIELD):
    """The trap: off screen (not `hidden`, which robots skip), aria-hidden and never focused; its
    label speaks to the rare person who meets it without the style sheet."""
    return format_html(
        '<div class="form-trap" aria-hidden="true"><label for="{id}">{label}</label>'
        '<input type="text" name="{name}" id="{id}" value="" tabindex="-1" autocomplete="off"></div>',
        id=field_id,
        name=name,
        label=_("Leave this field empty"),
    )


class TrapInput(forms.TextInput):
    # Rendered with the hidden fields: templates draw no label or help text around it.
    is_hidden = True

    def render(self, name, value, attrs=None, renderer=None):
        return trap_html((attrs or {}).get("id") or f"id_{name}", name)


class StartedInput(forms.HiddenInput):
    def format_value(self, value):
        # A form shown again keeps the time it was first shown, unless that time is unusable.
        seconds = age(value)
        return value if seconds is not None and seconds <= MAX_AGE else issue()


class GuardedForm(forms.Form):
    """A form refused, with a message, when the guards of this module catch it."""

    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"), required=False, widget=TrapInput
    )
    form_started = forms.CharField(required=False, widget=StartedInput)

    def clean(self):
        cleaned = super().clean()
        try:
            check(self.data)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned
