"""The three staff roles: Moderators, Editors, Elected officials.

Wagtail's initial data already creates Moderators and Editors with page permissions on the root
(editors draft and submit for moderation, moderators publish); this adds what the portal needs.
"""

from django.db import migrations

ROLE_PERMISSIONS = {
    "Moderators": [("wagtailadmin", "admin", "access_admin"), ("consultations", "user", "verify_resident"), ("consultations", "user", "view_results")],
    "Editors": [("wagtailadmin", "admin", "access_admin")],
    "Elected officials": [("wagtailadmin", "admin", "access_admin"), ("consultations", "user", "view_results"), ("consultations", "user", "export_results")],
}

PERMISSION_NAMES = {
    "access_admin": "Can access Wagtail admin",
    "verify_resident": "Can verify a resident",
    "view_results": "Can read results and synthesis",
    "export_results": "Can export results",
}


def create_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for group_name, permissions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, model, codename in permissions:
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": PERMISSION_NAMES[codename]},
            )
            group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name="Elected officials").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
