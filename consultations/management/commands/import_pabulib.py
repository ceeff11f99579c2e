from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultations import pabulib
from consultations.services.pabulib_import import import_pb


class Command(BaseCommand):
    help = (
        "Importe un budget participatif au format pabulib (.pb) comme une consultation close, avec ses "
        "projets et ses bulletins, et affiche l'identifiant de la nouvelle consultation. Un fichier "
        "mal formé est refusé en entier."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier .pb (https://pabulib.org/format)")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Impossible de lire « {file} » : {error.strerror}.") from error
        try:
            pb = pabulib.parse(data)
        except pabulib.PabulibError as error:
            raise CommandError(f"{path.name}, {error} ; rien n'a été importé.") from error
        consultation = import_pb(pb, source_name=path.stem)
        self.stderr.write(
            f"{path.name} : {len(pb.projects)} projets, {len(pb.votes)} bulletins importés "
            f"dans « {consultation.title} »."
        )
        self.stdout.write(str(consultation.pk))
