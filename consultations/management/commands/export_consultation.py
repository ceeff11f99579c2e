from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultations.consultation_export import FORMATS, export_consultation
from consultations.models import ConsultationPage


class Command(BaseCommand):
    help = (
        "Exporte les données d'une consultation (propositions, commentaires, bulletins, résultats, "
        "participation) en CSV, XLSX ou JSON, participants pseudonymisés."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="Identifiant ou slug de la page de la consultation")
        parser.add_argument("--format", dest="fmt", default="csv", help="csv, xlsx ou json")
        parser.add_argument(
            "--output", required=True,
            help="Dossier à créer pour csv (un fichier par table), fichier à créer pour xlsx et json",
        )
        parser.add_argument("--delimiter", default=",", help="Séparateur des fichiers CSV (par défaut ,)")
        parser.add_argument(
            "--named", action="store_true",
            help="Export nominatif : ajoute aux propositions le nom public et l'adresse de leur auteur "
            "(noté dans l'historique comme tel)",
        )

    def handle(self, *args, consultation, fmt, output, delimiter, named, **options):
        if fmt not in FORMATS:
            raise CommandError(f"Format inconnu : « {fmt} ». Formats possibles : {', '.join(FORMATS)}.")
        if len(delimiter) != 1:
            raise CommandError("Le séparateur doit être un seul caractère, par exemple --delimiter ';'.")
        page = self._consultation(consultation)
        path = Path(output)
        if fmt == "csv":
            if path.exists() and not path.is_dir():
                raise CommandError(f"« {output} » est un fichier : le format csv écrit dans un dossier.")
            if path.is_dir() and any(path.iterdir()):
                raise CommandError(f"Le dossier « {output} » n'est pas vide : choisissez un dossier neuf.")
        else:
            if path.exists():
                raise CommandError(f"« {output} » existe déjà : choisissez un nouveau nom de fichier.")
            if not path.parent.is_dir():
                raise CommandError(f"Le dossier « {path.parent} » n'existe pas.")
        written = export_consultation(page, fmt, output, delimiter=delimiter, named=named)
        kind = ", nominatif" if named else ""
        self.stdout.write(f"Export de « {page.title} » ({fmt}{kind}) :")
        for file, table, rows in written:
            self.stdout.write(f"  {file} — {table} : {rows} ligne{'s' if rows > 1 else ''}")
        self.stdout.write(self.style.SUCCESS("Export terminé, noté dans l'historique de la consultation."))

    def _consultation(self, reference):
        pages = ConsultationPage.objects.all()
        found = list(pages.filter(pk=int(reference))) if reference.isdigit() else []
        if not found:
            found = list(pages.filter(slug=reference)[:2])
        if not found:
            raise CommandError(f"Aucune consultation d'identifiant ou de slug « {reference} ».")
        if len(found) > 1:
            raise CommandError(
                f"Plusieurs consultations ont le slug « {reference} » : donnez l'identifiant de la page."
            )
        return found[0].specific
