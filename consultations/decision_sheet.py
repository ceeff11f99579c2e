"""The « Décisions » sheet: the officials' spreadsheet that goes to the board and comes back filled in.

Layout (what export writes and import reads; changing it breaks files already sent out):
- row 1: "Consultation", the consultation's page id, its title: a file is only read back
  into the consultation it came from;
- row 2: the headers of COLUMNS;
- from row 3: one row per local project, then per published proposal; the first four columns
  are filled by the portal and must come back unchanged, the last five are the board's.

Reading never runs anything: openpyxl reads the values a spreadsheet program stored (a formula's
last computed value, never the formula), macros are refused, and a file is opened only after its
size and the size it unpacks to are checked.
"""

import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .exports import spreadsheet_safe
from .models import BoardDecision

SHEET = "Décisions"
FIRST_ROW = 3
KINDS = {"projet": "local_project", "proposition": "proposal"}
KIND_LABELS = {code: label for label, code in KINDS.items()}
OUTCOME_LABELS = {
    BoardDecision.Outcome.ADOPTED: "Adopté",
    BoardDecision.Outcome.ADOPTED_WITH_CHANGES: "Adopté avec modifications",
    BoardDecision.Outcome.DEFERRED: "Reporté",
    BoardDecision.Outcome.REJECTED: "Rejeté",
}
COLUMNS = (
    # header, width, filled by the portal
    ("Type", 12, True),
    ("Identifiant", 12, True),
    ("Titre", 45, True),
    ("Résultat", 32, True),
    ("Décision", 26, False),
    ("Budget accordé (€)", 16, False),
    ("Date du conseil", 14, False),
    ("Motivation (publique)", 60, False),
    ("Service responsable", 28, False),
)
HEADERS = tuple(header for header, _width, _fixed in COLUMNS)
MAX_RATIONALE, MAX_DEPARTMENT = 2000, 200
README = (
    "À remplir après la séance du conseil, puis à déposer dans l'administration du portail "
    "(Consultation › Décisions) : une ligne par projet et par proposition ; ne modifiez pas les "
    "quatre premières colonnes ni les deux premières lignes. Décision : Adopté, Adopté avec "
    "modifications, Reporté ou Rejeté ; la date du conseil est obligatoire pour chaque décision, "
    "le budget seulement pour ce qui est adopté ; la motivation est publiée sur le portail. "
    "Une ligne sans décision ne change rien. Après un vote sur budget, les projets que le vote "
    "finance sont proposés « Adopté » avec leur coût : une telle ligne laissée sans date ne change "
    "rien ; ajoutez la date du conseil pour enregistrer la décision, ou changez-la."
)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Row:
    """A row read back: the board's columns parsed, with the cell of each value for messages."""

    number: int
    kind: str
    pk: object
    title: str
    outcome: str = ""
    budget: object = None
    meeting_date: object = None
    rationale: str = ""
    department: str = ""
    invalid: bool = False  # a value of the row could not be read (and was reported)

    def cell(self, header):
        return f"{SHEET}!{get_column_letter(HEADERS.index(header) + 1)}{self.number}"


@dataclass
class Reading:
    """What was read; without a consultation id the file itself was refused (its only error)."""

    consultation_id: object = None
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)


# Writing


def write_sheet(workbook, consultation, items):
    """Add the sheet to a write-only workbook; `items` are decision_reads.decision_items."""
    sheet = workbook.create_sheet(SHEET)
    sheet.freeze_panes = "A3"
    for index, (_header, width, _fixed) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="EEEEEE")

    def styled(value, *, font=None, fill=None):
        cell = WriteOnlyCell(sheet, value=value)
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        return cell

    sheet.append([
        styled("Consultation", font=bold), styled(consultation.pk, font=bold),
        styled(spreadsheet_safe(consultation.title), font=bold),
    ])
    sheet.append([styled(header, font=bold) for header in HEADERS])
    count = 0
    for item in items:
        decision = item.decision
        cells = [
            styled(KIND_LABELS[item.kind], fill=grey),
            styled(item.pk, fill=grey),
            styled(spreadsheet_safe(item.title), fill=grey),
            styled(spreadsheet_safe(item.result), fill=grey),
        ]
        if decision is not None:
            date = WriteOnlyCell(sheet, value=decision.meeting_date)
            date.number_format = "dd/mm/yyyy"
            budget = WriteOnlyCell(sheet, value=decision.budget_granted)
            budget.number_format = "#,##0.00"
            cells += [
                OUTCOME_LABELS[decision.outcome], budget, date,
                spreadsheet_safe(decision.rationale), spreadsheet_safe(decision.department),
            ]
        elif item.proposed_budget is not None:
            budget = WriteOnlyCell(sheet, value=item.proposed_budget)
            budget.number_format = "#,##0.00"
            cells += [OUTCOME_LABELS[BoardDecision.Outcome.ADOPTED], budget]
        sheet.append(cells)
        count += 1
    last = FIRST_ROW + max(count, 1) - 1
    # The lists guide whoever fills the sheet in; the import checks every value again anyway.
    outcomes = DataValidation(
        type="list", formula1='"' + ",".join(OUTCOME_LABELS.values()) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="Décision", error="Choisissez une décision dans la liste.",
    )
    outcomes.add(f"E{FIRST_ROW}:E{last}")
    budgets = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
        showErrorMessage=True, errorTitle="Budget", error="Un montant en euros, positif ou nul.",
    )
    budgets.add(f"F{FIRST_ROW}:F{last}")
    dates = DataValidation(
        type="date", operator="greaterThan", formula1="36526", allow_blank=True,
        showErrorMessage=True, errorTitle="Date", error="Une date, par exemple 15/03/2027.",
    )
    dates.add(f"G{FIRST_ROW}:G{last}")
    for validation in (outcomes, budgets, dates):
        sheet.data_validations.append(validation)
    return count


def workbook_bytes(consultation, items):
    """A workbook holding the sheet alone: what the admin's decisions page offers to download."""
    workbook = Workbook(write_only=True)
    write_sheet(workbook, consultation, items)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Reading

BAD_FILE = gettext_lazy(
    "This file is not an Excel workbook (.xlsx). Upload the workbook exported by the portal, "
    "saved as .xlsx."
)


def read(uploaded):
    """Read an uploaded file into a Reading; any problem with the file itself is its only error."""
    limit = settings.DECISIONS_UPLOAD_MAX_BYTES
    reading = Reading()
    if uploaded.size > limit:
        reading.errors.append(
            _("This file is too large (%(size)s MB): the limit is %(limit)s MB.")
            % {"size": _megabytes(uploaded.size), "limit": _megabytes(limit)}
        )
        return reading
    data = uploaded.read()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        reading.errors.append(_(
            "This file is protected by a password, or is an old Excel file (.xls). Remove the "
            "password, save it as an .xlsx workbook, and upload it again."
        ))
        return reading
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        reading.errors.append(str(BAD_FILE))
        return reading
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        reading.errors.append(_(
            "This file contains macros, which the portal never runs. Save it as an .xlsx "
            "workbook without macros and upload it again."
        ))
        return reading
    if unpacked > 20 * limit:
        reading.errors.append(_("This file unpacks to far more than a decisions sheet: it was refused."))
        return reading
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        reading.errors.append(_("This file could not be read: it may be damaged. Export it again."))
        return reading
    try:
        if SHEET not in workbook.sheetnames:
            reading.errors.append(
                _("The workbook has no sheet named “%(sheet)s”: upload the workbook the portal "
                  "exported, with its sheets as they were.") % {"sheet": SHEET}
            )
            return reading
        _read_sheet(workbook[SHEET], reading)
    finally:
        workbook.close()
    return reading


def _read_sheet(sheet, reading):
    rows = sheet.iter_rows(values_only=True)
    first = _padded(next(rows, ()), 3)
    headers = _padded(next(rows, ()), len(HEADERS))
    if first[0] != "Consultation" or not isinstance(first[1], int | float):
        reading.errors.append(
            _("%(cell)s: the consultation's identifier is missing; upload the workbook the portal "
              "exported, with its first two rows as they were.") % {"cell": f"{SHEET}!B1"}
        )
        return
    reading.consultation_id = int(first[1])
    for index, (expected, found) in enumerate(zip(HEADERS, headers), start=1):
        if _text(found) != expected:
            reading.errors.append(
                _("%(cell)s: the column “%(expected)s” is expected here; the columns must stay "
                  "as exported.") % {"cell": f"{SHEET}!{get_column_letter(index)}2", "expected": expected}
            )
    if reading.errors:
        return
    limit = settings.DECISIONS_MAX_ROWS
    for number, values in enumerate(rows, start=FIRST_ROW):
        values = _padded(values, len(HEADERS))
        if all(value is None or _text(value) == "" for value in values):
            continue
        if len(reading.rows) >= limit:
            reading.errors.append(
                _("The sheet has more than %(limit)s rows: it cannot come from this portal.") % {"limit": limit}
            )
            return
        reading.rows.append(_read_row(number, values, reading.errors))


def _read_row(number, values, errors):
    kind_text, pk, title, _result, outcome, budget, date, rationale, department = values
    row = Row(number=number, kind=KINDS.get(_text(kind_text).lower(), ""), pk=pk, title=_text(title))

    def error(header, message):
        errors.append(f"{row.cell(header)}\u00a0: {message}")
        row.invalid = True

    if not row.kind:
        error("Type", _("the type must stay “projet” or “proposition”, as exported."))
    if isinstance(pk, float) and pk.is_integer():
        pk = int(pk)
    if not isinstance(pk, int) or isinstance(pk, bool):
        error("Identifiant", _("the identifier must stay the number exported."))
        row.pk = None
    else:
        row.pk = pk
    outcome_text = _text(outcome)
    if outcome_text:
        row.outcome = _outcome(outcome_text)
        if not row.outcome:
            error("Décision", _("“%(value)s” is not a decision; choose one of: %(choices)s.")
                  % {"value": outcome_text, "choices": ", ".join(OUTCOME_LABELS.values())})
    row.budget = _budget(budget)
    if row.budget is False:
        error("Budget accordé (€)", _("“%(value)s” is not an amount in euros.") % {"value": _text(budget)})
    row.meeting_date = _date(date)
    if row.meeting_date is False:
        error("Date du conseil", _("“%(value)s” is not a date; write it as 15/03/2027.") % {"value": _text(date)})
    row.rationale, row.department = _text(rationale), _text(department)
    if len(row.rationale) > MAX_RATIONALE:
        error("Motivation (publique)", _("the rationale is longer than %(limit)s characters.") % {"limit": MAX_RATIONALE})
    if len(row.department) > MAX_DEPARTMENT:
        error("Service responsable", _("the department is longer than %(limit)s characters.") % {"limit": MAX_DEPARTMENT})
    return row


def _padded(values, length):
    values = tuple(values or ())
    return values[:length] + (None,) * (length - len(values))


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    text = str(value).strip()
    # Text the export made formula-proof comes back with its apostrophe when retyped.
    return text[1:] if text.startswith("'") else text


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _outcome(text):
    folded = _fold(text)
    for code, label in OUTCOME_LABELS.items():
        if folded in (_fold(label), code, _fold(str(BoardDecision.Outcome(code).label))):
            return code
    return ""


def _budget(value):
    """Decimal, None when blank, False when not an amount."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        amount = Decimal(str(value))
    else:
        text = re.sub(r"[\s\u00a0\u202f€]", "", str(value)).replace(",", ".")
        try:
            amount = Decimal(text) if text else None
        except InvalidOperation:
            return False
        if amount is None:
            return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        return False
    return amount.quantize(Decimal("0.01"))


def _date(value):
    """date, None when blank, False when not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return False


def _megabytes(size):
    return f"{size / 1_000_000:.1f}".replace(".", ",")
