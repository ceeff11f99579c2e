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
    for spec in SITES:
        if site_group(team_name(spec), roles.EDITORS, sites[spec["key"]], PAGE_PERMISSIONS, collections=True):
            created["teams"] += 1


def site_group(name, model, site, page_permissions, *, collections=False):
    """A group named `name` with the permissions of the group `model` (and its collection
    permissions with `collections`) and `page_permissions` on `site`'s home page only. Returns
    whether it was created: an existing group is left as the admin made it."""
    group, made = Group.objects.get_or_create(name=name)
    if not made:
        return False
    template = Group.objects.filter(name=model).first()
    if template is not None:
        group.permissions.set(template.permissions.all())
        if collections:
            GroupCollectionPermission.objects.bulk_create(
                GroupCollectionPermission(
                    group=group, collection_id=row.collection_id, permission_id=row.permission_id
                )
                for row in GroupCollectionPermission.objects.filter(group=template)
            )
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page_id=site.root_page_id, permission=permission)
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=page_permissions
        )
    )
    return True
