from django.core.management.base import BaseCommand, CommandError

from consultations.models import SynthesisPage
from consultations.synthesis.digest import digest_of_package
from consultations.synthesis.snapshots import latest


class Command(BaseCommand):
    help = (
        "Vérifie les chiffres d'une synthèse : recalcule l'empreinte SHA-256 d'un paquet de données "
        "ouvertes (ZIP ou dossier de CSV) et la compare à celle de la synthèse figée."
    )

    def add_arguments(self, parser):
        parser.add_argument("page", type=int, help="Identifiant de la page de synthèse")
        parser.add_argument("package", help="Le paquet de données ouvertes : fichier .zip ou dossier")

    def handle(self, *args, page, package, **options):
        synthesis = SynthesisPage.objects.filter(pk=page).first()
        if synthesis is None:
            raise CommandError(f"Aucune page de synthèse n'a l'identifiant {page}.")
        snapshots = list(synthesis.snapshots.order_by("-created_at", "-pk"))
        if not snapshots:
            raise CommandError(f"« {synthesis.title} » n'est pas encore figée : la consultation n'est pas close.")
        try:
            digest = digest_of_package(package)
        except (OSError, ValueError, UnicodeDecodeError) as error:
            raise CommandError(f"Paquet illisible : {error}") from error
        current = latest(synthesis)
        self.stdout.write(f"Empreinte du paquet : {digest}")
        self.stdout.write(f"Empreinte de la synthèse ({current.created_at:%d/%m/%Y %H:%M}) : {current.digest}")
        if digest == current.digest:
            self.stdout.write(self.style.SUCCESS("Concordance : les chiffres de la synthèse viennent de ces données."))
            return
        earlier = next((snapshot for snapshot in snapshots[1:] if snapshot.digest == digest), None)
        if earlier is not None:
            raise CommandError(
                f"Ces données sont celles d'un calcul antérieur ({earlier.created_at:%d/%m/%Y %H:%M}), "
                "pas de la synthèse actuelle."
            )
        raise CommandError("Pas de concordance : ces données ne sont pas celles de la synthèse.")
