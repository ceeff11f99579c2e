from django.db import migrations

GRANTS = {
    "Moderators": [("proposal", "moderate_proposal"), ("comment", "moderate_comment")],
}
NAMES = {"moderate_proposal": "Can moderate proposals", "moderate_comment": "Can moderate comments"}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for group_name, permissions in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, codename in permissions:
            content_type, _ = ContentType.objects.get_or_create(app_label="consultations", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": NAMES[codename]}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(
            *Permission.objects.filter(codename__in=NAMES, content_type__app_label="consultations")
        )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0005_add_consultations_proposals_comments_votes")]
    operations = [migrations.RunPython(grant, revoke)]
