"""A consultation's data for the officials who analyse it: tables (tables.py) written as CSV, XLSX,
JSON or JSON Lines (writers.py), participants named by pseudonyms (pseudonyms.py), each export
logged on the page; and its open-data package for anyone (open_data.py).

Rows stream from the database in chunks, so memory stays flat whatever the consultation's size.
"""

from wagtail.log_actions import log

from .open_data import write_open_data
from .tables import tables_for
from .writers import FOLDER_FORMATS, WRITERS

LOG_EXPORT = "consultations.export"
FORMATS = tuple(WRITERS)
__all__ = ["FOLDER_FORMATS", "FORMATS", "LOG_EXPORT", "export_consultation"]


def export_consultation(
    consultation, fmt, output, *, delimiter=",", user=None, open_data=False, named=False, progress=None
):
    """Write every table to `output` (a folder for csv and jsonl, a file otherwise); with
    `open_data`, the open-data package instead (`fmt` is then csv; a folder, or a zip when
    `output` ends in .zip); `named` adds the proposals' authors' names and emails (who may ask
    for it: permissions.can_export_named), never to open data.

    Returns [(path, table name, rows written)]; `user` is None for the command line;
    `progress(table name, rows written)` is called as rows are written."""
    if open_data:
        named = False
        written = write_open_data(consultation, output, progress=progress)
        fmt = "open data"
    else:
        written = WRITERS[fmt](
            consultation, tables_for(named=named), output, delimiter=delimiter, named=named, progress=progress
        )
    # A log entry changes nothing a page shows: no version to bump (README "How pages stay fast").
    log(
        consultation,
        LOG_EXPORT,
        user=user,
        data={
            "source": "admin" if user else "command line",
            "format": fmt,
            "named": named,
            "tables": {table: rows for _path, table, rows in written},
        },
    )
    return written
