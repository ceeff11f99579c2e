from django.core.management.base import BaseCommand

from consultations.services.exports import purge_expired_exports


class Command(BaseCommand):
    help = "Supprime les exports expirés (fichiers et lignes) ; à lancer chaque jour."

    def handle(self, *args, **options):
        purged = purge_expired_exports()
        self.stdout.write(f"Exports expirés supprimés : {purged}")
