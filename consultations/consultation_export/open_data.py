"""The open-data package of a consultation: what anyone may download and reuse once it is closed.

CSV files (UTF-8, comma, no byte order mark) and a `datapackage.json` (Frictionless Data Package
v1, a Table Schema per file, the site's licence), written to a folder or a zip. It goes further
than the officials' export (tables.py), table by table below:

- nobody is named or followable: no author pseudonym at all; ballots carry a number of their own,
  from another key, that groups the choices of one ballot and matches nothing else;
- no free text that may name a person: comment bodies only when published, not deleted, and with
  no report waiting for a moderator; proposal titles only when they were public (published or
  merged); official answers, decisions and updates are the public company's and stay;
- no receipts, no times: every date is a day in the portal's time zone;
- no small groups: a residence with fewer than SMALL participants is merged into "Autres", a
  moderation reason used fewer than SMALL times into "autres motifs", and any count left between
  1 and SMALL - 1 (a day, a merged row) is written empty.
"""

import datetime
import io
import json
import zipfile
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from ..models import OpenDataSettings
from ..models.open_data import LICENCE_TERMS, Licence
from .tables import (
    TABLES_BY_NAME,
    Column,
    Export,
    Table,
    moderation_rows,
    neighbourhood_rows,
    participation_rows,
)
from .writers import csv_table

SMALL = 5
OTHERS = "Autres"
OTHER_REASONS = "autres motifs"
SMALL_NOTE = f"Les effectifs de 1 à {SMALL - 1} sont laissés vides (secret statistique)."
FIELD_TYPES = {
    "text": "string", "integer": "integer", "decimal": "number", "boolean": "boolean", "date": "date", "datetime": "date",
}


def _day(value):
    return timezone.localdate(value) if isinstance(value, datetime.datetime) else value


def _shown(count):
    """A count of people small enough to point at someone is left empty."""
    return None if count and 0 < count < SMALL else count


def opened(name, *, drop=(), replace=None, rows=None, note=""):
    """The officials' table `name` as open data: columns in `drop` left out, `replace`d columns
    renamed, times cut to the day; `rows` (in the officials' column order) replaces its rows."""
    table = TABLES_BY_NAME[name]
    keep = [index for index, column in enumerate(table.columns) if column.name not in drop]
    kinds = [table.columns[index].type for index in keep]
    columns = []
    for index in keep:
        column = (replace or {}).get(table.columns[index].name, table.columns[index])
        if column.type == "datetime":
            column = Column(column.name, "date", f"{column.description} (jour)")
        columns.append(column)
    source = rows or table.rows

    def open_rows(export):
        for row in source(export):
            yield tuple(_day(row[index]) if kind == "datetime" else row[index] for index, kind in zip(keep, kinds))

    return Table(name, f"{table.description} {note}".strip(), tuple(columns), open_rows)


def per_day_rows(export):
    for day, *counts in participation_rows(export):
        yield (day, *map(_shown, counts))


def per_residence_rows(export):
    rows, others = [], None
    for residence, *counts in neighbourhood_rows(export):
        if counts[0] < SMALL:
            others = counts if others is None else [mine + theirs for mine, theirs in zip(others, counts)]
        else:
            rows.append((residence, *counts))
    if others:
        rows.append((OTHERS, *others))
    for residence, *counts in rows:
        yield (residence, *map(_shown, counts))


def moderation_open_rows(export):
    rows, others = [], {}
    for kind, decision, code, reason, count in moderation_rows(export):
        if count < SMALL:
            others[kind, decision] = others.get((kind, decision), 0) + count
        else:
            rows.append((kind, decision, code, reason, count))
    rows += [(kind, decision, "autres", OTHER_REASONS, count) for (kind, decision), count in others.items()]
    rows.sort(key=lambda row: (row[0], row[1], row[3] == OTHER_REASONS))
    for *row, count in rows:
        yield (*row, _shown(count))


OPEN_TABLES = (
    opened("consultation"),
    opened("local_projects"),
    opened(
        "proposals", drop=("author",),
        note="Le titre n'est donné que pour les propositions publiées ou fusionnées.",
    ),
    opened(
        "comments", drop=("author",),
        note="Le texte n'est donné que pour les commentaires publiés, non supprimés, sans signalement en attente.",
    ),
    opened(
        "ballot_choices", drop=("receipt_start",),
        replace={"voter": Column("ballot", "text", "Numéro anonyme du bulletin (regroupe ses choix, rien d'autre)")},
        note="Aucun récépissé, aucun identifiant de votant.",
    ),
    opened("results"),
    opened("funding"),
    opened("participation_per_day", rows=per_day_rows, note=SMALL_NOTE),
    opened(
        "participation_per_neighbourhood", rows=per_residence_rows,
        note=f"Les lieux de moins de {SMALL} participants sont regroupés dans « {OTHERS} ». {SMALL_NOTE}",
    ),
    opened(
        "moderation_outcomes", rows=moderation_open_rows,
        note=f"Les motifs appliqués moins de {SMALL} fois sont regroupés dans « {OTHER_REASONS} ». {SMALL_NOTE}",
    ),
    opened("decisions"),
    opened("implementation_updates"),
)


def licence_of(consultation):
    site = consultation.get_site()
    licence = OpenDataSettings.for_site(site).licence if site else Licence.ETALAB
    terms = LICENCE_TERMS[Licence(licence)]
    return {"name": str(licence), "path": terms["path"], "title": terms["title"]}


def datapackage(consultation, tables=OPEN_TABLES):
    """The Frictionless Data Package descriptor (v1) of the package's CSV files."""
    return {
        "profile": "tabular-data-package",
        "name": slugify(f"consultation-{consultation.pk}-{consultation.slug}"),
        "title": consultation.title,
        "description": (
            f"Données ouvertes de la consultation « {consultation.title} » : anonymisées, dates au jour, "
            f"petits effectifs (moins de {SMALL}) regroupés ou laissés vides."
        ),
        "homepage": consultation.get_full_url() or "",
        "licenses": [licence_of(consultation)],
        "resources": [
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "dialect": {"delimiter": ",", "header": True},
                "schema": {
                    "fields": [
                        {"name": column.name, "type": FIELD_TYPES[column.type], "description": column.description}
                        for column in table.columns
                    ],
                    "missingValues": [""],
                },
            }
            for table in tables
        ],
    }


def _descriptor(consultation):
    return json.dumps(datapackage(consultation), ensure_ascii=False, indent=2) + "\n"


def write_open_data(consultation, output, *, progress=None):
    """Write the package to `output`: a folder, a path ending in .zip, or a binary file object
    (a zip). Returns [(path, table name, rows written)]."""
    export = Export(consultation, open_data=True)
    if not isinstance(output, str | Path) or str(output).endswith(".zip"):
        return _write_zip(export, output, progress)
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in OPEN_TABLES:
        path = folder / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            written.append((str(path), table.name, csv_table(out, table, export, progress=progress)))
    (folder / "datapackage.json").write_text(_descriptor(consultation), encoding="utf-8")
    return written


def _write_zip(export, output, progress):
    # The entries are dated to the day too: a zip records its files' times.
    today = timezone.localdate()
    stamp = (today.year, today.month, today.day, 0, 0, 0)

    def entry(name):
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    label = str(output) if isinstance(output, str | Path) else "zip"
    written = []
    with zipfile.ZipFile(output, "w") as package:
        for table in OPEN_TABLES:
            with io.TextIOWrapper(package.open(entry(f"{table.name}.csv"), "w"), encoding="utf-8", newline="") as out:
                count = csv_table(out, table, export, progress=progress)
            written.append((f"{label}:{table.name}.csv", table.name, count))
        package.writestr(entry("datapackage.json"), _descriptor(export.consultation))
    return written

