"""The database cache table, where allauth's login throttle counts attempts for every process.

Creating it in a migration means no deployment can forget `createcachetable`. With REDIS_URL set
the command finds no database cache and does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0002_create_groups")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
