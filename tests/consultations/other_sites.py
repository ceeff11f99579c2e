"""A second site (the campsite) with its own moderators' and editors' groups, as an install with
several facilities sets them up (README, "Adding a site and its team")."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, Site

from consultations.models import ConsultationIndexPage
from home.models import HomePage
from tests.factories import ConsultationPageFactory, UserFactory


def campsite():
    """(the campsite's moderator, the campsite's editor, a consultation of the campsite)."""
    root = Page.objects.get(depth=1)
    home = root.add_child(instance=HomePage(title="Camping", slug="camping"))
    Site.objects.create(hostname="camping.example.fr", port=80, root_page=home)
    index = home.add_child(instance=ConsultationIndexPage(title="Consultations", slug="consultations"))
    moderators = Group.objects.create(name="Modération – Camping")
    moderators.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "moderate_proposal", "moderate_comment"])
    )
    GroupPagePermission.objects.create(
        group=moderators, page=home, permission=Permission.objects.get(codename="publish_page")
    )
    editors = Group.objects.create(name="Rédaction – Camping")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=editors, page=home, permission=Permission.objects.get(codename=codename)
        )
    consultation = ConsultationPageFactory(parent=index, phase="proposals", slug="saison")
    return (
        UserFactory(groups=[moderators.name]),
        UserFactory(groups=[editors.name]),
        consultation,
    )
