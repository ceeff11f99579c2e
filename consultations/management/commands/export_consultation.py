from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from consultations.consultation_export import FOLDER_FORMATS, FORMATS, export_consultation
from consultations.management.consultation_argument import find_consultation
from consultations.models import ConsultationPage


PROGRESS_LINE_EVERY = 10_000


class Command(BaseCommand):
    help = (
        "Exporte les données d'une consultation (propositions, commentaires, bulletins, résultats, "
        "participation, modération, décisions) en CSV, XLSX, JSON ou JSON Lines, participants "
        "pseudonymisés ; ou son paquet de données ouvertes (--open-data) ; ou toutes celles d'un "
        "site (--site HÔTE --all)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "consultation", nargs="?", help="Identifiant ou slug de la page de la consultation (sauf avec --all)"
        )
        parser.add_argument("--format", dest="fmt", default="csv", help="csv, xlsx, json ou jsonl")
        parser.add_argument(
            "--output", required=True,
            help="Dossier à créer pour csv et jsonl (un fichier par table), fichier à créer pour xlsx et "
            "json ; avec --open-data, un dossier, ou un fichier .zip ; avec --all, toujours un dossier",
        )
        parser.add_argument("--delimiter", default=",", help="Séparateur des fichiers CSV (par défaut ,)")
        parser.add_argument(
            "--open-data", action="store_true",
            help="Le paquet de données ouvertes : CSV anonymisés et datapackage.json (ignore --format)",
        )
        parser.add_argument("--site", help="Nom d'hôte du site dont exporter les consultations (avec --all)")
        parser.add_argument(
            "--all", action="store_true", dest="every",
            help="Toutes les consultations du site --site, chacune dans --output/<slug>",
        )

        parser.add_argument(
            "--named", action="store_true",
            help="Export nominatif : ajoute aux propositions le nom public et l'adresse de leur auteur "
            "(noté dans l'historique comme tel ; sans effet sur les données ouvertes)",
        )

    def handle(self, *args, consultation, fmt, output, delimiter, open_data, site, every, named, **options):
        self.verbosity = options["verbosity"]
        if open_data:
            fmt = "csv"
            delimiter = ","
            named = False
        if fmt not in FORMATS:
            raise CommandError(f"Format inconnu : « {fmt} ». Formats possibles : {', '.join(FORMATS)}.")
        if len(delimiter) != 1:
            raise CommandError("Le séparateur doit être un seul caractère, par exemple --delimiter ';'.")
        if every:
            if consultation or not site:
                raise CommandError("--all exporte les consultations d'un site : donnez --site HÔTE, sans consultation.")
            pages = self._consultations_of(site)
            folder = Path(output)
            self._check_folder(folder, output)
            folder.mkdir(parents=True, exist_ok=True)
            targets = []
            for page, name in pages:
                targets.append((page, folder / self._file_name(name, fmt, open_data)))
        else:
            if site:
                raise CommandError("--site s'emploie avec --all.")
            if not consultation:
                raise CommandError("Donnez une consultation (identifiant ou slug), ou --site HÔTE --all.")
            page = find_consultation(consultation)
            path = Path(output)
            if fmt in FOLDER_FORMATS and not (open_data and output.endswith(".zip")):
                self._check_folder(path, output)
            else:
                self._check_file(path, output)
            targets = [(page, path)]
        for page, path in targets:
            self._export(page, fmt, path, delimiter, open_data, named)

    def _export(self, page, fmt, path, delimiter, open_data, named):
        written = export_consultation(
            page, fmt, path, delimiter=delimiter, open_data=open_data, named=named, progress=self._progress
        )
        kind = "données ouvertes" if open_data else fmt + (", nominatif" if named else "")
        self.stdout.write(f"Export de « {page.title} » ({kind}) :")
        for file, table, rows in written:
            self.stdout.write(f"  {file} — {table} : {rows} ligne{'s' if rows > 1 else ''}")
        if open_data:
            self.stdout.write(f"  {path}{'' if str(path).endswith('.zip') else '/'} — datapackage.json")
        self.stdout.write(self.style.SUCCESS("Export terminé, noté dans l'historique de la consultation."))

    def _progress(self, table, rows):
        # The writers tell every thousand rows and at each table's end; a line now and then is enough.
        if self.verbosity > 0 and rows and rows % PROGRESS_LINE_EVERY == 0:
            self.stderr.write(f"  … {table} : {rows:,} lignes".replace(",", "\u202f"))

    @staticmethod
    def _file_name(name, fmt, open_data):
        return name if open_data or fmt in FOLDER_FORMATS else f"{name}.{fmt}"

    @staticmethod
    def _check_folder(path, output):
        if path.exists() and not path.is_dir():
            raise CommandError(f"« {output} » est un fichier : ce format écrit dans un dossier.")
        if path.is_dir() and any(path.iterdir()):
            raise CommandError(f"Le dossier « {output} » n'est pas vide : choisissez un dossier neuf.")

    @staticmethod
    def _check_file(path, output):
        if path.exists():
            raise CommandError(f"« {output} » existe déjà : choisissez un nouveau nom de fichier.")
        if not path.parent.is_dir():
            raise CommandError(f"Le dossier « {path.parent} » n'existe pas.")

    def _consultations_of(self, hostname):
        """[(page, name)]: the site's consultations, named by slug (with the id when two share one)."""
        site = Site.objects.filter(hostname=hostname).select_related("root_page").first()
        if site is None:
            raise CommandError(f"Aucun site de nom d'hôte « {hostname} ».")
        pages = [
            page.specific
            for page in ConsultationPage.objects.descendant_of(site.root_page).order_by("path")
        ]
        if not pages:
            raise CommandError(f"Le site « {hostname} » n'a aucune consultation.")
        slugs = [page.slug for page in pages]
        return [(page, page.slug if slugs.count(page.slug) == 1 else f"{page.slug}-{page.pk}") for page in pages]
