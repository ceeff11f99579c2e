"""Each site's own editorial team: a group per site whose editors reach the admin and add, edit and
publish pages under that site's home page only (sites.yaml `team`).

The migrations' "Rédaction" group edits every site; it stays, for a portal whose editors work on
all of them. A site's group takes the admin access, model permissions and collection permissions
(images, documents) of "Rédaction", and page permissions on its own home page alone.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from consultations import roles

from .pages import SITES

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def team_name(spec):
    return f"{roles.EDITORS} – {spec['identity']['organisation_name']}"


def seed_site_teams(sites, created):
    """One editors' group per site, created with its permissions if it does not exist yet."""
    editors = Group.objects.filter(name=roles.EDITORS).first()
    page_permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
        )
    )
    for spec in SITES:
        group, made = Group.objects.get_or_create(name=team_name(spec))
        if not made:
            continue
        created["teams"] += 1
        if editors is not None:
            group.permissions.set(editors.permissions.all())
            GroupCollectionPermission.objects.bulk_create(
                GroupCollectionPermission(
                    group=group, collection_id=row.collection_id, permission_id=row.permission_id
                )
                for row in GroupCollectionPermission.objects.filter(group=editors)
            )
        home_id = sites[spec["key"]].root_page_id
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page_id=home_id, permission=permission)
            for permission in page_permissions
        )
