"""The accounting tables as files to download: CSV streamed row by row, XLSX written by openpyxl's
write-only mode (rows spill to a temporary file), both from accounting_rows' stream.

Rules:
- euros with two decimals, computed from whole cents with integers (never through a float);
  CSV writes them with a dot (« 1234.50 »), for accounting software; XLSX as numbers formatted
  with two decimals;
- headings in the portal's language; a last row with the totals;
- text from holders (campaign titles) that spreadsheet software would run as a formula is written
  with a leading apostrophe (consultations.exports.spreadsheet_safe).
"""

import csv
import tempfile
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from consultations.exports import spreadsheet_safe

from .accounting import COLUMNS, Totals

EURO_FORMAT = "#,##0.00"


def euros_text(cents):
    """« 1234.50 » from 123450: exact, whatever the amount."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def euros_number(cents):
    return Decimal(cents) / 100


def headings():
    return [_("Site"), _("Campaign"), _("Campaign number"), _("Payment provider")] + [
        str(label) + ("" if name == "pledges" else " (€)") for name, label in COLUMNS.items()
    ]


def _lines(rows):
    """(cells of each row, then the totals' cells), amounts as cents."""
    totals = Totals()
    for row in rows:
        totals.add(row)
        yield [spreadsheet_safe(row.site_name), spreadsheet_safe(row.title), row.campaign_id,
               str(row.provider_label), row.pledges], row.amounts()
    yield [_("Total"), "", "", "", totals.pledges], totals.amounts()


class _Echo:
    def write(self, value):
        return value


def csv_stream(rows):
    """Yield the CSV's lines one by one."""
    with translation.override(settings.LANGUAGE_CODE):
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow(headings())
        for cells, amounts in _lines(rows):
            yield writer.writerow(cells + [euros_text(cents) for cents in amounts])


def xlsx_file(rows):
    """The workbook in an open temporary file, read from its start."""
    workbook = Workbook(write_only=True)
    with translation.override(settings.LANGUAGE_CODE):
        sheet = workbook.create_sheet(_("Accounts"))
        sheet.freeze_panes = "A2"
        for letter, width in zip("ABCDEFGHIJK", (24, 40, 10, 24, 10, 14, 14, 14, 14, 14, 14)):
            sheet.column_dimensions[letter].width = width
        bold = Font(bold=True)
        header = []
        for value in headings():
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for cells, amounts in _lines(rows):
            money = []
            for cents in amounts:
                cell = WriteOnlyCell(sheet, value=euros_number(cents))
                cell.number_format = EURO_FORMAT
                money.append(cell)
            sheet.append(cells + money)
    # Saved to a temporary file, not to memory: the response streams it from the disk.
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return out
