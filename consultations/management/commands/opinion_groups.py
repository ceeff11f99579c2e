import json

from django.core.management.base import BaseCommand, CommandError

from consultations.models import OpinionRound
from consultations.services.opinions import compute_round


class Command(BaseCommand):
    help = (
        "Calcule les groupes d'opinion d'un tour (méthode de Polis), enregistre le résultat et "
        "l'affiche : groupe de chaque participant, affirmations représentatives de chaque groupe, "
        "consensuelles et clivantes. Un tour importé garde les identifiants de sa source."
    )

    def add_arguments(self, parser):
        parser.add_argument("round", help="Identifiant du tour d'opinions")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, round, format, **options):
        opinion_round = OpinionRound.objects.filter(pk=int(round)).first() if round.isdigit() else None
        if opinion_round is None:
            raise CommandError(f"Aucun tour d'opinions d'identifiant « {round} ».")
        result = compute_round(opinion_round)
        summary = summarise(opinion_round, result.data)
        if format == "json":
            self.stdout.write(json.dumps(summary))
            return
        if not summary["enough_data"]:
            self.stdout.write(f"Pas assez de données pour des groupes ({summary['reason']}).")
            return
        self.stdout.write(f"{summary['k']} groupes, {result.vote_count} votes.")
        for group, chosen in summary["groups"].items():
            members = sum(1 for g in summary["participants"].values() if g == group)
            self.stdout.write(f"Groupe {group} ({members} participants) : {', '.join(map(str, chosen))}")
        self.stdout.write(f"Consensus : {', '.join(map(str, summary['consensus']))}")
        self.stdout.write(f"Clivantes : {', '.join(map(str, summary['divisive']))}")


def summarise(opinion_round, data):
    """The result with the source's ids: participant → group (None when not clustered), and the
    statements by their external id (the portal's id when there is none)."""
    participant_ids = opinion_round.external_participants
    statement_ids = {
        pk: int(external) if external.isdigit() else external or pk
        for pk, external in opinion_round.statements.values_list("pk", "external_id")
    }

    def participant(key):
        return participant_ids.get(str(key), key)

    return {
        "enough_data": data["enough_data"],
        "reason": data["reason"],
        "k": data["k"],
        "participants": {participant(p["participant"]): p["group"] for p in data["placements"]},
        "groups": {
            group["id"]: [statement_ids[r["statement"]] for r in group["representative"]]
            for group in data["groups"]
        },
        "consensus": [statement_ids[c["statement"]] for c in data["consensus"]],
        "divisive": [statement_ids[d["statement"]] for d in data["divisive"]],
    }
