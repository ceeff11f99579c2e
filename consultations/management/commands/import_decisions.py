from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from consultations.services import decisions

from consultations.management.consultation_argument import find_consultation


class Command(BaseCommand):
    help = (
        "Enregistre les décisions du conseil à partir de la feuille « Décisions » remplie : tout le "
        "fichier est vérifié d'abord, rien n'est appliqué s'il contient une erreur."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="Identifiant ou slug de la page de la consultation")
        parser.add_argument("file", help="Classeur .xlsx exporté par le portail, rempli par le conseil")
        parser.add_argument("--dry-run", action="store_true", help="Montrer les changements sans les appliquer")
        parser.add_argument(
            "--no-email", action="store_true",
            help="Ne pas écrire aux participants (ils le seront à la prochaine importation)",
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._import(**options)

    def _import(self, *, consultation, file, dry_run, no_email, **options):
        page = find_consultation(consultation)
        try:
            with open(file, "rb") as handle:
                uploaded = SimpleUploadedFile(file, handle.read())
        except OSError as error:
            raise CommandError(f"Impossible de lire « {file} » : {error.strerror}.") from error
        plan = decisions.plan(page, uploaded)
        if not plan.is_valid:
            for error in plan.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(
                f"{len(plan.errors)} erreur{'s' if len(plan.errors) > 1 else ''} : aucune décision n'a été enregistrée."
            )
        for change in plan.changes:
            verb = "nouvelle décision" if change.is_new else "décision modifiée"
            self.stdout.write(f"  {change.item.title} — {verb} : {change.values['outcome']}")
        self.stdout.write(
            f"{len(plan.changes)} changement{'s' if len(plan.changes) > 1 else ''}, "
            f"{plan.unchanged} décision{'s' if plan.unchanged > 1 else ''} inchangée{'s' if plan.unchanged > 1 else ''}."
        )
        if dry_run or not plan.changes:
            self.stdout.write("Rien n'a été enregistré." if dry_run else "Rien à enregistrer.")
            return
        decisions.apply(plan, by=None, notify=not no_email)
        self.stdout.write(self.style.SUCCESS("Décisions enregistrées, notées dans l'historique de la consultation."))
