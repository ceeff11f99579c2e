from django.core.management.base import BaseCommand

from consultations.services.opinions import compute_stale_rounds


class Command(BaseCommand):
    help = (
        "Calcule les groupes d'opinion des tours d'opinions dont les votes ont changé depuis le "
        "dernier calcul, ou dont le calcul prévu n'a pas eu lieu ; à lancer chaque jour."
    )

    def handle(self, *args, **options):
        looked_at, computed = compute_stale_rounds()
        self.stdout.write(f"Tours d'opinions examinés : {looked_at} ; calculs faits : {computed}")
