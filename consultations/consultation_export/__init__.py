"""A consultation's data for the officials who analyse it: tables (tables.py) written as CSV, XLSX or
JSON (writers.py), participants named by pseudonyms (pseudonyms.py), each export logged on the page.

Rows stream from the database in chunks, so memory stays flat whatever the consultation's size.
"""

from wagtail.log_actions import log

from .tables import TABLES
from .writers import WRITERS

LOG_EXPORT = "consultations.export"
FORMATS = tuple(WRITERS)


def export_consultation(consultation, fmt, output, *, delimiter=",", user=None):
    """Write every table to `output` (a folder for csv, a file otherwise).

    Returns [(path, table name, rows written)]; `user` is None for the command line."""
    written = WRITERS[fmt](consultation, TABLES, output, delimiter=delimiter)
    # A log entry changes nothing a page shows: no version to bump (README "How pages stay fast").
    log(
        consultation,
        LOG_EXPORT,
        user=user,
        data={
            "source": "admin" if user else "command line",
            "format": fmt,
            "tables": {table: rows for _path, table, rows in written},
        },
    )
    return written
