"""CSV (a folder, one file per table), XLSX (one workbook, a read-me sheet first) and JSON (one
document), each written row by row as the tables stream them: nothing is held whole in memory.

Every text cell of a spreadsheet goes through exports.spreadsheet_safe: titles and comments come
from citizens, and a cell starting with = would otherwise run as a formula.
"""

import csv
import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..exports import spreadsheet_safe
from .tables import Export

README_SHEET = "Lisez-moi"
# How often a writer reports its progress (progress=callable(table name, rows written so far)):
# often enough for a progress bar, rarely enough that saving it costs nothing.
PROGRESS_EVERY = 1000
WIDTHS = {"text": 30, "integer": 12, "decimal": 12, "date": 12, "datetime": 18}


def _counted(rows, table, progress):
    """The rows, reporting to `progress` every PROGRESS_EVERY rows and once the table is done."""
    count = 0
    for row in rows:
        yield row
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(table.name, count)
    if progress:
        progress(table.name, count)


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if isinstance(value, datetime.datetime) else value


def _text(value, kind):
    """The cell of a CSV file: local times without seconds' fractions, text made formula-proof."""
    if value is None:
        return ""
    if kind == "datetime":
        return _local(value).strftime("%Y-%m-%d %H:%M:%S")
    if kind == "date":
        return value.isoformat()
    if kind == "text":
        return spreadsheet_safe(str(value))
    return str(value)


def write_csv(consultation, tables, output, *, delimiter=",", named=False, progress=None):
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    export = Export(consultation, named=named)
    written = []
    for table in tables:
        path = folder / f"{table.name}.csv"
        kinds = [column.type for column in table.columns]
        count = 0
        # utf-8-sig writes the byte order mark spreadsheet software needs to read accents right.
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=delimiter)
            writer.writerow([column.name for column in table.columns])
            for row in _counted(table.rows(export), table, progress):
                writer.writerow([_text(value, kind) for value, kind in zip(row, kinds)])
                count += 1
        written.append((str(path), table.name, count))
    return written


def _cell(sheet, value, kind):
    if value is None:
        return None
    if kind == "text":
        return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    if kind in ("datetime", "date"):
        cell = WriteOnlyCell(sheet, value=_local(value))
        cell.number_format = "dd/mm/yyyy hh:mm" if kind == "datetime" else "dd/mm/yyyy"
        return cell
    if kind == "decimal":
        return float(value) if isinstance(value, Decimal) else value
    return value


def _header(sheet, names):
    bold = Font(bold=True)
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    return cells


def write_xlsx(consultation, tables, output, *, delimiter=",", named=False, progress=None):
    # Write-only mode spills rows to a temporary file: memory stays flat for large tables.
    workbook = Workbook(write_only=True)
    readme = workbook.create_sheet(README_SHEET)
    readme.column_dimensions["A"].width = 24
    readme.column_dimensions["B"].width = 24
    readme.column_dimensions["C"].width = 12
    readme.column_dimensions["D"].width = 80
    readme.append(_header(readme, ["Feuille", "Colonne", "Type", "Description"]))
    readme.append([f"Export de la consultation « {spreadsheet_safe(consultation.title)} »"])
    readme.append(["Les dates sont à l'heure de Paris ; les participants sont désignés par un pseudonyme."])
    if named:
        readme.append(["Export nominatif : les propositions portent le nom et l'adresse de leur auteur."])
    for table in tables:
        readme.append([])
        readme.append([table.name, None, None, table.description])
        for column in table.columns:
            readme.append([table.name, column.name, column.type, column.description])
    export = Export(consultation, named=named)
    written = []
    for table in tables:
        sheet = workbook.create_sheet(table.name)
        # Both must be set before the first row: write-only sheets are written as they go.
        sheet.freeze_panes = "A2"
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(
                WIDTHS[column.type], len(column.name) + 2
            )
        sheet.append(_header(sheet, [column.name for column in table.columns]))
        kinds = [column.type for column in table.columns]
        count = 0
        for row in _counted(table.rows(export), table, progress):
            sheet.append([_cell(sheet, value, kind) for value, kind in zip(row, kinds)])
            count += 1
        written.append((str(output), table.name, count))
    workbook.save(output)
    return written


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_json(consultation, tables, output, *, delimiter=",", named=False, progress=None):
    """{"consultation": {...}, "tables": {name: [row, ...]}}, written one row at a time."""
    export = Export(consultation, named=named)
    written = []
    with Path(output).open("w", encoding="utf-8") as out:
        out.write('{"consultation": ')
        out.write(json.dumps({"id": consultation.pk, "title": consultation.title}, ensure_ascii=False))
        out.write(', "tables": {')
        for position, table in enumerate(tables):
            names = [column.name for column in table.columns]
            out.write(("" if position == 0 else ", ") + json.dumps(table.name) + ": [")
            count = 0
            for row in _counted(table.rows(export), table, progress):
                record = {name: _json_value(value) for name, value in zip(names, row)}
                out.write(("\n" if count == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
                count += 1
            out.write("]")
            written.append((str(output), table.name, count))
        out.write("}}\n")
    return written


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "json": write_json}
