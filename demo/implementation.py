"""The follow-up of what the demo's boards adopted (implementation.yaml): a "Suivi des
réalisations" page on each site (sites.yaml), and the dated updates of the adopted projects
entered through services.implementation, as a moderator would in the admin.

The decisions themselves are recorded before, from the board's sheet (demo/decisions.py).
Updates are entered only on a decision that has none: what exists, perhaps changed in the admin
during the demo, is left alone. No email goes out: seed_demo withholds them.
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


def seed_updates(consultations, staff, created):
    """implementation.yaml's updates, on the decisions the board recorded (demo/decisions.py).
    Returns the consultations it wrote in."""
    pages = {spec["key"]: page for spec, page in consultations}
    today = timezone.localdate()
    touched = set()
    for spec in data.load("implementation")["decisions"]:
        consultation = pages[spec["consultation"]]
        project = LocalProjectPage.objects.child_of(consultation).get(slug=spec["project"])
        decision = BoardDecision.objects.filter(local_project=project).first()
        if decision is None or decision.updates.exists() or not decision.is_adopted:
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
        touched.add(consultation.pk)
    return touched
