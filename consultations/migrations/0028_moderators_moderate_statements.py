from django.db import migrations

from consultations.roles import MODERATORS


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    content_type, _ = ContentType.objects.get_or_create(app_label="consultations", model="statement")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="moderate_statement", defaults={"name": "Can moderate statements"}
    )
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name=MODERATORS):
        group.permissions.remove(*Permission.objects.filter(codename="moderate_statement"))


class Migration(migrations.Migration):
    dependencies = [("consultations", "0027_statements_moderated")]
    operations = [migrations.RunPython(grant, revoke)]
