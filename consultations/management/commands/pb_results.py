import json

from django.core.management.base import BaseCommand, CommandError

from consultations import budgeting
from consultations.budget_results import budget_results
from consultations.management.consultation_argument import find_consultation


class Command(BaseCommand):
    help = (
        "Affiche les projets financés d'un vote à budget ou à points selon une règle : "
        "glouton (greedy), parts égales complétées (mes) ou parts égales seules (mes-plain)."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="Identifiant ou slug de la page de la consultation")
        parser.add_argument("--rule", choices=budgeting.RULES, default=budgeting.MES)
        parser.add_argument(
            "--compare-with-greedy", action="store_true",
            help="mes : garder le résultat glouton si strictement plus de votants y gagnent (Wieliczka 2023)",
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, consultation, rule, compare_with_greedy, format, **options):
        page = find_consultation(consultation)
        try:
            results = budget_results(page, rule, compare_with_greedy=compare_with_greedy)
        except ValueError as error:
            raise CommandError(f"« {page.title} » n'a pas de vote à budget ni à points.") from error
        outcome = results.outcome
        if format == "json":
            self.stdout.write(json.dumps({"selected": outcome.selected, "budget_used": outcome.budget_used}))
            return
        for project in results.selected:
            self.stdout.write(f"{project.reference}\t{project.cost}\t{project.title}")
        self.stdout.write(f"Dépensé : {outcome.budget_used} sur {outcome.budget}.")
