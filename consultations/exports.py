"""Spreadsheets that staff download: the codes of a new batch of letters, and admin listings.

Rules:
- a text cell that spreadsheet software would run as a formula (starting with =, +, -, @, a tab
  or a carriage return) is written with a leading apostrophe: names and areas come from citizens;
- dates are written in the portal's time zone, as the admin screens show them;
- the codes file feeds the mail merge of the letters: it is written in the portal's language,
  with a byte order mark so that spreadsheet software reads the accents right.
"""

import csv
import io

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def local_datetime_text(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def local_datetime_cell(value):
    return timezone.localtime(value).replace(tzinfo=None)


def resident_codes_csv(batch, codes):
    """The clear codes of a batch, one row per letter: area, code, expiry date."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    with translation.override(settings.LANGUAGE_CODE):
        writer.writerow([_("area"), _("code"), _("expires on")])
        expires_on = date_format(timezone.localtime(batch.expires_at), "SHORT_DATE_FORMAT")
    area = spreadsheet_safe(batch.area)
    writer.writerows([area, code, expires_on] for code in codes)
    return out.getvalue()
