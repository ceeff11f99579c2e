from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultations.opinion.polis_export import PolisExportError, read_conversation
from consultations.services.polis_import import import_conversation


class Command(BaseCommand):
    help = (
        "Importe une conversation Polis (export CSV : comments.csv et votes.csv) comme un tour "
        "d'opinions clos, avec ses affirmations et ses votes, et affiche l'identifiant du tour. "
        "Un export mal formé est refusé en entier."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="Dossier de l'export Polis (https://github.com/compdemocracy/openData)")

    def handle(self, *args, dir, **options):
        folder = Path(dir)
        if not folder.is_dir():
            raise CommandError(f"« {dir} » n'est pas un dossier ; rien n'a été importé.")
        try:
            conversation = read_conversation(folder)
        except PolisExportError as error:
            raise CommandError(f"{folder.name}, {error} ; rien n'a été importé.") from error
        name = folder.resolve().name
        opinion_round = import_conversation(conversation, source_name=name)
        self.stderr.write(
            f"{name} : {len(conversation.comments)} affirmations, "
            f"{len(opinion_round.external_participants)} participants importés "
            f"dans « {opinion_round.title} »."
        )
        self.stdout.write(str(opinion_round.pk))
