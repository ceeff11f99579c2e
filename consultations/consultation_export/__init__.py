"""A consultation's data for the officials who analyse it: tables (tables.py) written as CSV, XLSX or
JSON (writers.py), participants named by pseudonyms (pseudonyms.py), each export logged on the page.

Rows stream from the database in chunks, so memory stays flat whatever the consultation's size.
"""

from wagtail.log_actions import log

from .tables import tables_for
from .writers import WRITERS

LOG_EXPORT = "consultations.export"
FORMATS = tuple(WRITERS)


def export_consultation(consultation, fmt, output, *, delimiter=",", user=None, named=False, progress=None):
    """Write every table to `output` (a folder for csv, a file otherwise); `named` adds the
    proposals' authors' names and emails (who may ask for it: permissions.can_export_named);
    `progress(table name, rows written)` is called as rows are written.

    Returns [(path, table name, rows written)]; `user` is None for the command line."""
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
