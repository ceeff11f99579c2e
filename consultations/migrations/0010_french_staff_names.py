"""Staff see a French admin: the groups Wagtail and the portal created with English names, and
Wagtail's default workflow ("Moderators approval", shown to editors as "Soumettre à Moderators
approval"), get French names. The names are written out here rather than imported from
consultations.roles, so that this migration keeps meaning what it meant when it ran."""

from django.db import migrations

GROUPS = {
    "Moderators": "Modération",
    "Editors": "Rédaction",
    "Elected officials": "Élus",
}
WORKFLOW = {"Moderators approval": "Relecture par la modération"}


def rename(apps, mapping_groups, mapping_workflow):
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")
    for old, new in mapping_groups.items():
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)
    for old, new in mapping_workflow.items():
        Workflow.objects.filter(name=old).update(name=new)
        Task.objects.filter(name=old).update(name=new)


def to_french(apps, schema_editor):
    rename(apps, GROUPS, WORKFLOW)


def to_english(apps, schema_editor):
    rename(
        apps,
        {new: old for old, new in GROUPS.items()},
        {new: old for old, new in WORKFLOW.items()},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0009_rate_counts"),
        ("wagtailcore", "0048_add_default_workflows"),
        # It gave "Editors" the site identity settings; it must run before the rename.
        ("home", "0003_editors_edit_site_identity"),
    ]
    operations = [migrations.RunPython(to_french, to_english)]
