"""The board's decisions in the demo, recorded as staff record them: the « Décisions » sheet the
portal exports, filled in with openpyxl as the board's secretary would in a spreadsheet program,
then read back and applied by consultations/services/decisions.py. Seeded once per consultation:
one whose decisions are recorded is left alone.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from consultations import decision_sheet
from consultations.models import BoardDecision, LocalProjectPage, User
from consultations.decision_reads import decision_items
from consultations.services import decisions


def seed_decisions(consultations, created):
    """Returns the consultations it recorded decisions in."""
    touched = set()
    for spec, consultation in consultations:
        wanted = spec.get("decisions")
        if not wanted or BoardDecision.objects.for_consultation(consultation).exists():
            continue
        slugs = dict(LocalProjectPage.objects.child_of(consultation).values_list("pk", "slug"))
        meeting = timezone.localtime(consultation.decision_at).date()
        rows = {}
        for item in decision_items(consultation):
            entry = wanted["projects"].get(slugs.get(item.pk)) if item.kind == "local_project" else None
            if entry:
                rows[item.pk] = (
                    entry["decision"], entry.get("budget"), meeting, " ".join(entry["rationale"].split()),
                    entry.get("department", ""),
                )
        upload = _filled_sheet(consultation, rows)
        plan = decisions.plan(consultation, upload)
        if not plan.is_valid:
            raise ValueError(f"The demo's decisions for {consultation.slug}: {plan.errors}")
        created["decisions"] += decisions.apply(plan, by=User.objects.get(email=wanted["by"]), notify=False)
        # Told here rather than by a queued task: seed_demo withholds every email it causes.
        decisions.send_decision_notices.call(consultation.pk)
        touched.add(consultation.pk)
    return touched


def _filled_sheet(consultation, rows):
    workbook = load_workbook(io.BytesIO(decision_sheet.workbook_bytes(consultation, decision_items(consultation))))
    sheet = workbook[decision_sheet.SHEET]
    for row in sheet.iter_rows(min_row=decision_sheet.FIRST_ROW):
        values = rows.get(row[1].value) if row[0].value == "projet" else None
        for cell, value in zip(row[4:9], values or ()):
            cell.value = value
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(f"decisions-{consultation.slug}.xlsx", out.getvalue())
