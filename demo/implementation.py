"""The follow-up of what the demo's boards adopted (implementation.yaml): a "Suivi des
réalisations" page on each site (sites.yaml), the decisions on the adopted projects, and their
dated updates entered through services.implementation, as a moderator would in the admin.

The decisions are written directly, as the import of the board's spreadsheet would leave them
(there is no spreadsheet to read here). A decision is created only where the project has none (a database migrated from hand-set
statuses has them already, migration 0018), and updates only on a decision that has none: what
exists, perhaps changed in the admin during the demo, is left alone. No email goes out: seed_demo
withholds them.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from consultations.models import BoardDecision, ImplementationIndexPage, LocalProjectPage
from consultations.services.implementation import add_update

from . import data
from .pages import SITES


def seed_follow_up_pages(sites, created):
    """One follow-up page per site, under its home page, in its menu."""
    for spec in SITES:
        home = Page.objects.get(pk=sites[spec["key"]].root_page_id)
        texts = spec["follow_up"]
        if ImplementationIndexPage.objects.child_of(home).exists():
            continue
        page = home.add_child(
            instance=ImplementationIndexPage(
                title=texts["title"], slug=texts["slug"], intro=texts["intro"],
                search_description=texts["intro"], show_in_menus=True,
            )
        )
        page.save_revision().publish()
        created["follow_up_pages"] += 1


def seed_decisions(consultations, staff, created):
    """implementation.yaml's decisions and updates. Returns the consultations it wrote in."""
    pages = {spec["key"]: page for spec, page in consultations}
    today = timezone.localdate()
    touched = set()
    for spec in data.load("implementation")["decisions"]:
        consultation = pages[spec["consultation"]]
        project = LocalProjectPage.objects.child_of(consultation).get(slug=spec["project"])
        decision = BoardDecision.objects.filter(local_project=project).first()
        if decision is None:
            decision = BoardDecision.objects.create(
                consultation=consultation,
                local_project=project,
                outcome=spec["outcome"],
                budget_granted=spec["budget_granted"],
                meeting_date=timezone.localtime(consultation.decision_at).date(),
                rationale=spec["rationale"],
                department=spec["department"],
                recorded_by=staff[spec["by"]],
            )
            created["decisions"] += 1
            touched.add(consultation.pk)
        if decision.updates.exists() or not decision.is_adopted:
            continue
        for update in spec["updates"]:
            add_update(
                decision,
                by=staff[spec["by"]],
                date=min(decision.meeting_date + timedelta(days=update["after_meeting"]), today),
                stage=update["stage"],
                percent=update["percent"],
                text=update["text"],
            )
            created["implementation_updates"] += 1
    return touched
