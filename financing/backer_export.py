"""The holder's export of a campaign's backers, for delivering rewards: CSV streamed row by row,
XLSX written in openpyxl's write-only mode through a temporary file (consultations'
consultation_export helpers), so memory stays flat whatever the number of backers.

Who is named, and with which email, is dashboard.delivery_contact's rule. Every text cell goes
through consultations.exports.spreadsheet_safe: names come from backers, and a cell starting
with = would otherwise run as a formula.
"""

import csv
import tempfile
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from consultations.consultation_export.writers import cell_value, header_cells
from consultations.consultation_export.xlsx_rows import SheetRows, save
from consultations.exports import spreadsheet_safe

from .dashboard import counted_pledges, delivery_contact

CHUNK = 500


def columns():
    return [_("Name"), _("Email"), _("Amount (€)"), _("Reward"), _("Pledged on"), _("Status")]


def rows(campaign):
    """(name, email, amount in euros as a Decimal, reward, date and time, status) per counted pledge."""
    for pledge in counted_pledges(campaign).iterator(chunk_size=CHUNK):
        name, email = delivery_contact(pledge)
        yield (
            name, email, Decimal(pledge.amount_cents) / 100, pledge.tier.title if pledge.tier else "",
            pledge.created_at, pledge.get_status_display(),
        )


class _Line:
    """csv.writer's file: hands back the line it was given."""

    def write(self, value):
        return value


def csv_lines(campaign):
    """The CSV file, line by line, with the byte order mark spreadsheet software needs for accents."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(columns())
    for name, email, amount, reward, when, status in rows(campaign):
        yield writer.writerow([
            spreadsheet_safe(name), spreadsheet_safe(email), f"{amount:.2f}", spreadsheet_safe(reward),
            timezone.localtime(when).strftime("%Y-%m-%d %H:%M"), status,
        ])


def xlsx_file(campaign):
    """The workbook in a temporary file, rewound, for a FileResponse to stream and close."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Backers")[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate([28, 32, 12, 28, 18, 22], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(header_cells(sheet, columns()))
    kinds = ["text", "text", "decimal", "text", "datetime", "text"]
    sheet_rows = SheetRows(sheet, [None, None, None, None, "dd/mm/yyyy hh:mm", None])
    for row in rows(campaign):
        sheet_rows.append([cell_value(value, kind) for value, kind in zip(row, kinds)])
    output = tempfile.TemporaryFile()
    save(workbook, output, [sheet_rows])
    output.seek(0)
    return output
