from django.core.management.base import BaseCommand

from consultations.synthesis.snapshots import freeze_closed


class Command(BaseCommand):
    help = "Fige les synthèses des consultations closes qui ne le sont pas encore (à lancer chaque jour)."

    def handle(self, *args, **options):
        count = freeze_closed()
        if options["verbosity"]:
            self.stdout.write(f"{count} synthèse(s) figée(s).")
