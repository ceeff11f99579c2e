"""CSV (a folder, one file per table), XLSX (one workbook, a read-me sheet first), JSON (one
document) and JSON Lines (a folder, one file per table, one object a line), each written row by
row as the tables stream them: nothing is held whole in memory.

`progress(table_name, rows_written)`, when given, is called every PROGRESS_EVERY rows of a table
and once it is done.

Every text cell of a spreadsheet goes through exports.spreadsheet_safe: titles and comments come
from citizens, and a cell starting with = would otherwise run as a formula.
"""

import csv
import datetime
import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .. import decision_sheet
from ..exports import spreadsheet_safe
from ..decision_reads import decision_items
from .tables import Export
from .xlsx_rows import SheetRows, save

README_SHEET = "Lisez-moi"
# How often a writer reports its progress (progress=callable(table name, rows written so far)):
# often enough for a progress bar, rarely enough that saving it costs nothing.
PROGRESS_EVERY = 1000
WIDTHS = {"text": 30, "integer": 12, "decimal": 12, "boolean": 10, "date": 12, "datetime": 18}
DATE_FORMATS = {"datetime": "dd/mm/yyyy hh:mm", "date": "dd/mm/yyyy"}


def _local(value, tz=None):
    """`tz` is the current time zone, looked up once per table by the writers: looking it up for
    every cell took longer than the rest of the cell."""
    return timezone.localtime(value, tz).replace(tzinfo=None) if isinstance(value, datetime.datetime) else value


@lru_cache(maxsize=4096)
def _local_text(value, tz):
    # A ballot's dates repeat on each of its choices: each is converted once.
    return _local(value, tz).isoformat(" ", "seconds")


def _text(value, kind, tz=None):
    """The cell of a CSV file: local times without seconds' fractions, text made formula-proof."""
    if value is None:
        return ""
    if kind == "datetime":
        if isinstance(value, datetime.datetime):
            return _local_text(value, tz or timezone.get_current_timezone())
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if kind == "date":
        return value.isoformat()
    if kind == "text":
        return spreadsheet_safe(str(value))
    if kind == "boolean":
        return "true" if value else "false"
    return str(value)


def tracked(table, export, progress):
    """The table's rows, telling `progress` every PROGRESS_EVERY rows and once the table is done."""
    count = 0
    for count, row in enumerate(table.rows(export), start=1):
        yield row
        if progress and count % PROGRESS_EVERY == 0:
            progress(table.name, count)
    if progress:
        progress(table.name, count)


def csv_table(out, table, export, *, delimiter=",", progress=None):
    """Write one table to the text stream `out`; returns the number of rows."""
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([column.name for column in table.columns])
    kinds = [column.type for column in table.columns]
    tz = timezone.get_current_timezone()
    count = 0
    for row in tracked(table, export, progress):
        writer.writerow([_text(value, kind, tz) for value, kind in zip(row, kinds)])
        count += 1
    return count


def write_csv(consultation, tables, output, *, delimiter=",", named=False, progress=None):
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    export = Export(consultation, named=named)
    written = []
    for table in tables:
        path = folder / f"{table.name}.csv"
        # utf-8-sig writes the byte order mark spreadsheet software needs to read accents right.
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            count = csv_table(out, table, export, delimiter=delimiter, progress=progress)
        written.append((str(path), table.name, count))
    return written


def cell_value(value, kind, tz=None):
    """The value of a spreadsheet cell (xlsx_rows.SheetRows writes it; the synthesis's workbook too)."""
    if value is None:
        return None
    if kind == "text":
        return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    if kind in ("datetime", "date"):
        return _local(value, tz)
    if kind == "decimal":
        return float(value) if isinstance(value, Decimal) else value
    return value


def header_cells(sheet, names):
    """A bold header row for a write-only sheet."""
    bold = Font(bold=True)
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    return cells


def write_xlsx(consultation, tables, output, *, delimiter=",", named=False, progress=None):
    # Write-only mode spills rows to a temporary file: memory stays flat for large tables.
    # The « Décisions » sheet holds the decisions already recorded, where the board edits them:
    # the same rows as a read-only sheet beside it would only be a second, confusing copy.
    tables = [table for table in tables if table.name != "decisions"]
    workbook = Workbook(write_only=True)
    readme = workbook.create_sheet(README_SHEET)
    readme.column_dimensions["A"].width = 24
    readme.column_dimensions["B"].width = 24
    readme.column_dimensions["C"].width = 12
    readme.column_dimensions["D"].width = 80
    readme.append(header_cells(readme, ["Feuille", "Colonne", "Type", "Description"]))
    readme.append([f"Export de la consultation « {spreadsheet_safe(consultation.title)} »"])
    readme.append(["Les dates sont à l'heure de Paris ; les participants sont désignés par un pseudonyme."])
    if named:
        readme.append(["Export nominatif : les propositions portent le nom et l'adresse de leur auteur."])
    for table in tables:
        readme.append([])
        readme.append([table.name, None, None, table.description])
        for column in table.columns:
            readme.append([table.name, column.name, column.type, column.description])
    readme.append([])
    readme.append([decision_sheet.SHEET, None, None, decision_sheet.README])
    export = Export(consultation, named=named)
    written = []
    sheet_rows = []
    for table in tables:
        sheet = workbook.create_sheet(table.name)
        # Both must be set before the first row: write-only sheets are written as they go.
        sheet.freeze_panes = "A2"
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(
                WIDTHS[column.type], len(column.name) + 2
            )
        sheet.append(header_cells(sheet, [column.name for column in table.columns]))
        kinds = [column.type for column in table.columns]
        tz = timezone.get_current_timezone()
        rows = SheetRows(sheet, [DATE_FORMATS.get(kind) for kind in kinds])
        for row in tracked(table, export, progress):
            rows.append([cell_value(value, kind, tz) for value, kind in zip(row, kinds)])
        sheet_rows.append(rows)
        written.append((str(output), table.name, rows.count))
    rows = decision_sheet.write_sheet(workbook, consultation, decision_items(consultation))
    written.append((str(output), decision_sheet.SHEET, rows))
    save(workbook, output, sheet_rows)
    return written


@lru_cache(maxsize=4096)
def _local_iso(value, tz):
    return timezone.localtime(value, tz).isoformat()


def _json_value(value, tz=None):
    if isinstance(value, datetime.datetime):
        return _local_iso(value, tz or timezone.get_current_timezone())
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
            tz = timezone.get_current_timezone()
            out.write(("" if position == 0 else ", ") + json.dumps(table.name) + ": [")
            count = 0
            for row in tracked(table, export, progress):
                record = {name: _json_value(value, tz) for name, value in zip(names, row)}
                out.write(("\n" if count == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
                count += 1
            out.write("]")
            written.append((str(output), table.name, count))
        out.write("}}\n")
    return written


def write_jsonl(consultation, tables, output, *, delimiter=",", named=False, progress=None):
    """A folder of `<table>.jsonl` files: one JSON object a line, for tables too large for one
    document; an empty table gives an empty file."""
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    export = Export(consultation, named=named)
    written = []
    for table in tables:
        path = folder / f"{table.name}.jsonl"
        names = [column.name for column in table.columns]
        tz = timezone.get_current_timezone()
        count = 0
        with path.open("w", encoding="utf-8") as out:
            for row in tracked(table, export, progress):
                record = {name: _json_value(value, tz) for name, value in zip(names, row)}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        written.append((str(path), table.name, count))
    return written


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "json": write_json, "jsonl": write_jsonl}
FOLDER_FORMATS = ("csv", "jsonl")
