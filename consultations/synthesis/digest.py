"""The SHA-256 digest of the anonymised data a synthesis is computed from: the open-data package's
CSV files (consultation_export/open_data.py), in a canonical order, so that anyone holding the
package can recompute it (`python manage.py verify_synthesis`).

Canonical form: the tables sorted by name; for each, a line with its name, then its header, then
its rows sorted as text; every line is the CSV row's cells joined by a unit separator (U+001F),
ended by a newline, encoded in UTF-8. datapackage.json (licence, descriptions) is left out: it
describes the data, it is not the data.
"""

import csv
import hashlib
import io
import zipfile
from pathlib import Path

from ..consultation_export.open_data import write_open_data

SEPARATOR = "\x1f"


def digest_of_tables(tables):
    """tables: {name: (header, rows)}, every cell a string as the CSV file holds it."""
    digest = hashlib.sha256()
    for name in sorted(tables):
        header, rows = tables[name]
        digest.update(f"{name}\n".encode())
        digest.update((SEPARATOR.join(header) + "\n").encode())
        for line in sorted(SEPARATOR.join(row) for row in rows):
            digest.update((line + "\n").encode())
    return digest.hexdigest()


def _read_csv(text):
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    return header, rows


def read_package(source):
    """{table: (header, rows)} from an open-data package: a .zip file (path or file object) or a
    folder of CSV files."""
    if isinstance(source, str | Path) and Path(source).is_dir():
        return {
            path.stem: _read_csv(path.read_text(encoding="utf-8"))
            for path in sorted(Path(source).glob("*.csv"))
        }
    with zipfile.ZipFile(source) as package:
        return {
            name[: -len(".csv")]: _read_csv(package.read(name).decode("utf-8"))
            for name in package.namelist() if name.endswith(".csv") and "/" not in name
        }


def digest_of_package(source):
    return digest_of_tables(read_package(source))


def current_digest(consultation):
    """The digest of the consultation's open data as it stands now (written to memory)."""
    buffer = io.BytesIO()
    write_open_data(consultation, buffer)
    buffer.seek(0)
    return digest_of_package(buffer)
