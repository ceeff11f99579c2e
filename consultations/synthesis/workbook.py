"""A synthesis's figures as an XLSX workbook: the same stored figures as the page and the PDF
(a snapshot once frozen), one sheet per section, numbers as numbers.

The sheets and their headers are in French whatever the reader's language, as the officials'
export (consultation_export/writers.py) whose cell helpers they use: a workbook is passed on and
built upon, and its layout must not depend on who downloaded it. A « Lisez-moi » sheet comes
first with the consultation, the date the figures were frozen (or that they are provisional) and
the digest of the open data they come from.
"""

import datetime
from decimal import Decimal
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..consultation_export.writers import DATE_FORMATS, README_SHEET, cell_value, header_cells

PERCENT_FORMAT = "0.0%"
FEWER_THAN_FIVE = (
    "Une case vide compte de 1 à 4 personnes ou contributions (secret statistique des données ouvertes)."
)
STANCES = (("for", "Pour"), ("against", "Contre"), ("neutral", "Neutre"))
METHODS = {
    "approval": "Approbation", "budget": "Vote sur budget", "points": "Vote à points",
    "for_against": "Pour ou contre",
}
RULES = {"mes": "Parts égales (Method of Equal Shares)", "greedy": "Les plus votés d'abord"}
DECISIONS = {"rejected": "refusée", "hidden": "masquée"}
KINDS = {"proposal": "Proposition", "comment": "Commentaire", "local_project": "Projet"}
SHEETS = (
    ("Participation", "Chiffres clés, participation par jour et par lieu de résidence."),
    ("Résultats", "Résultats du vote par projet, et les projets financés après un vote sur budget ou à points."),
    ("Propositions", "Les propositions les plus soutenues, les plus discutées, avec une réponse officielle, "
                     "par thème et par quartier."),
    ("Arguments", "Pour chaque projet et les propositions les plus discutées : commentaires par position "
                  "et le plus apprécié de chacune."),
    ("Modération", "Contributions refusées ou masquées par motif."),
    ("Décisions", "Décisions du conseil et avancement."),
)
OPINION_SHEET = ("Carte des opinions", "Pour chaque tour d'opinions : les groupes, leurs affirmations "
                 "représentatives, ce qui les rassemble et ce qui les divise (dernier calcul).")
DIRECTIONS = {"agree": "d'accord", "disagree": "pas d'accord"}
REASONS = {
    "too_few_participants": "Pas encore assez de votes : il faut au moins 7 participants.",
    "too_few_statements": "Pas encore assez de votes : il faut au moins 3 affirmations votées.",
    "no_difference": "Tout le monde a voté de la même façon : pas de groupes distincts.",
}


def _share(text):
    return None if text is None else Fraction(text)


class _Sheet:
    """A write-only sheet written top to bottom: titled blocks of rows, each with its header."""

    def __init__(self, workbook, name, widths):
        self.sheet = workbook.create_sheet(name)
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.started = False

    def title(self, text):
        if self.started:
            self.sheet.append([])
        self.started = True
        cell = WriteOnlyCell(self.sheet, value=cell_value(text, "text"))
        cell.font = Font(bold=True, size=13)
        self.sheet.append([cell])

    def header(self, *names):
        self.sheet.append(header_cells(self.sheet, names))

    def row(self, *values):
        self.sheet.append([self._cell(value) for value in values])

    def _cell(self, value):
        if isinstance(value, str):
            return cell_value(value, "text")
        if isinstance(value, Fraction):
            cell = WriteOnlyCell(self.sheet, value=float(value))
            cell.number_format = PERCENT_FORMAT
            return cell
        if isinstance(value, datetime.date):
            kind = "datetime" if isinstance(value, datetime.datetime) else "date"
            cell = WriteOnlyCell(self.sheet, value=cell_value(value, kind))
            cell.number_format = DATE_FORMATS[kind]
            return cell
        if isinstance(value, Decimal):
            return float(value)
        return value


def write_workbook(output, *, page, consultation, figures, snapshot, page_url, open_data_url):
    workbook = Workbook(write_only=True)
    _readme(workbook, page, consultation, snapshot, page_url, open_data_url,
            sheets=SHEETS + ((OPINION_SHEET,) if figures.get("opinion_maps") else ()))
    _participation(workbook, figures["participation"])
    _results(workbook, figures["results"])
    _proposals(workbook, figures["proposals"])
    _arguments(workbook, figures["arguments"])
    _moderation(workbook, figures["moderation"])
    _decisions(workbook, figures["decisions"])
    if figures.get("opinion_maps"):
        _opinion_maps(workbook, figures["opinion_maps"])
    workbook.save(output)


def _readme(workbook, page, consultation, snapshot, page_url, open_data_url, *, sheets):
    sheet = _Sheet(workbook, README_SHEET, (34, 100))
    sheet.title(f"Synthèse « {page.title} » de la consultation « {consultation.title} »")
    sheet.header("Rubrique", "Valeur")
    sheet.row("Consultation", consultation.title)
    sheet.row("Identifiant de la consultation", consultation.pk)
    sheet.row("Page de la synthèse", page_url)
    if snapshot is None:
        sheet.row("Chiffres", "PROVISOIRES : la consultation est encore ouverte ; "
                              "ils seront arrêtés à sa clôture.")
    else:
        sheet.row("Chiffres arrêtés le", snapshot.created_at)
        sheet.row("Empreinte SHA-256 des données ouvertes", snapshot.digest)
        sheet.row("Données ouvertes", open_data_url)
        sheet.row("Vérification", f"python manage.py verify_synthesis {page.pk} donnees-ouvertes.zip")
    sheet.row("Dates", "À l'heure de Paris.")
    sheet.title("Feuilles")
    sheet.header("Feuille", "Contenu")
    for name, description in sheets:
        sheet.row(name, description)


def _participation(workbook, participation):
    sheet = _Sheet(workbook, "Participation", (30, 16, 16, 16, 16, 16))
    sheet.title("Chiffres clés")
    sheet.header("Indicateur", "Valeur")
    for label, value in (
        ("Participants", participation["participants"]),
        ("Nouveaux participants", participation["new"]),
        ("Participants d'une consultation précédente", participation["returning"]),
        ("Propositions", participation["proposals"]),
        ("Commentaires", participation["comments"]),
        ("Soutiens", participation["supports"]),
        ("Bulletins", participation["ballots"]),
        ("Habitants inscrits pouvant voter", participation["eligible"]),
        ("Taux de participation", _share(participation["turnout"])),
    ):
        sheet.row(label, value)
    for channel in participation["channels"]:
        label = "Participants en ligne" if channel["channel"] == "online" else channel["channel"]
        sheet.row(label, channel["participants"])
    sheet.title("Participation par jour")
    sheet.header("Jour", "Propositions", "Commentaires", "Soutiens", "Bulletins")
    for day, *counts in participation["per_day"]:
        sheet.row(datetime.date.fromisoformat(day), *counts)
    sheet.title("Participation par lieu de résidence vérifié")
    sheet.header("Lieu de résidence", "Participants", "Propositions", "Commentaires", "Soutiens", "Bulletins")
    for row in participation["per_residence"]:
        sheet.row(*row)
    sheet.row(FEWER_THAN_FIVE)


def _results(workbook, results):
    sheet = _Sheet(workbook, "Résultats", (8, 12, 45, 14, 12, 12, 12, 12, 12))
    sheet.title("Résultats du vote")
    if results is None:
        sheet.row("Pas de vote par projets dans cette consultation (les soutiens classent les "
                  "propositions : feuille « Propositions »).")
        return
    sheet.header("Indicateur", None, "Valeur")
    sheet.row("Mode de scrutin", None, METHODS.get(results["method"], results["method"]))
    sheet.row("Bulletins", None, results["ballots"])
    sheet.row("Habitants inscrits pouvant voter", None, results["eligible"])
    sheet.row("Taux de participation", None, _share(results["turnout"]))
    sheet.row("Écart entre les deux premiers", None, results["margin"])
    sheet.title("Par projet, dans l'ordre des résultats")
    sheet.header("Rang", "Identifiant", "Projet", "Pour ou approbations", "Contre", "Abstentions", "Points",
                 "Part", "Score")
    for rank, row in enumerate(results["rows"], start=1):
        sheet.row(rank, row["project_id"], row["title"], row["approvals"], row["against"], row["abstentions"],
                  row["points"], _share(row["share"]), row["score"])
    if results["close"]:
        sheet.title("Égalités et quasi-égalités")
        sheet.header(None, None, "Premier", "Second", "Écart")
        for pair in results["close"]:
            sheet.row(None, None, pair["first"], pair["second"], pair["gap"])
    funding = results["funding"]
    if funding:
        _funding(sheet, funding)


def _funding(sheet, funding):
    sheet.title("Projets financés")
    sheet.header("Indicateur", None, "Valeur")
    sheet.row("Règle", None, RULES.get(funding["rule"], funding["rule"]))
    sheet.row("Budget (€)", None, funding["budget"])
    sheet.row("Budget utilisé (€)", None, funding["budget_used"])
    sheet.row("Votants", None, funding["voters"])
    if funding["share"] is not None:
        sheet.row("Part de chaque votant (€)", None, Decimal(funding["share"]))
    sheet.row("Changements motivés de l'équipe", None, funding["overrides"])
    sheet.header("Financé", "Identifiant", "Projet", "Coût (€)", "Votes", "Par la règle", "Par l'autre règle",
                 "Prix par soutien (€)", "Pourquoi pas financé", "Changement", "Motif du changement")
    for funded, rows in ((True, funding["funded"]), (False, funding["not_funded"])):
        for row in rows:
            sheet.row("oui" if funded else "non", row["project_id"], row["title"], row["cost"], row["score"],
                      row["funded_by_rule"], row["funded_by_other_rule"],
                      Decimal(row["price"]) if row["price"] else None, row["reason"], row["override"],
                      row["override_reason"])


def _proposal_rows(sheet, title, items, *, answered=False):
    sheet.title(title)
    sheet.header("Rang", "Identifiant", "Titre", "Soutiens", "Commentaires", "Réponse officielle")
    for rank, item in enumerate(items, start=1):
        sheet.row(rank, item["id"], item["title"], item["supports"], item["comments"],
                  item.get("answer_label") if answered else item["answer"] or None)
    if not items:
        sheet.row("Aucune.")


def _proposals(workbook, proposals):
    sheet = _Sheet(workbook, "Propositions", (8, 12, 50, 12, 14, 24))
    sheet.title("Propositions publiées")
    sheet.row("Nombre", None, proposals["count"])
    _proposal_rows(sheet, "Les plus soutenues", proposals["most_supported"])
    _proposal_rows(sheet, "Les plus discutées", proposals["most_discussed"])
    _proposal_rows(sheet, "Avec une réponse officielle", proposals["answered"], answered=True)
    sheet.title("Par thème")
    sheet.header("Thème", None, None, "Propositions")
    for tag, count in proposals["by_tag"]:
        sheet.row(tag, None, None, count)
    sheet.title("Par quartier")
    sheet.header("Quartier", None, None, "Propositions")
    for name, count in proposals["by_neighbourhood"]:
        sheet.row(name, None, None, count)


def _arguments(workbook, arguments):
    sheet = _Sheet(workbook, "Arguments", (14, 12, 45, 10, 10, 10, 12))
    sheet.title("Commentaires par position")
    sheet.header("Sur", "Identifiant", "Titre", *(label for _stance, label in STANCES))
    for argument in arguments:
        sheet.row(KINDS[argument["kind"]], argument["id"], argument["title"],
                  *(argument["counts"][stance] for stance, _label in STANCES))
    sheet.title("Le commentaire le plus apprécié de chaque position")
    sheet.header("Sur", "Identifiant", "Titre", "Position", "Votes « utile »", "Commentaire", "Adresse")
    for argument in arguments:
        for stance, label in STANCES:
            quote = argument["quotes"].get(stance)
            if quote:
                sheet.row(KINDS[argument["kind"]], argument["id"], argument["title"], label, quote["upvotes"],
                          quote["body"], quote["url"])


def _moderation(workbook, moderation):
    sheet = _Sheet(workbook, "Modération", (16, 12, 50, 12))
    sheet.title("Contributions refusées ou masquées, par motif")
    sheet.header("Contribution", "Décision", "Motif", "Nombre")
    for row in moderation:
        sheet.row(KINDS[row["kind"]], DECISIONS.get(row["decision"], row["decision"]), row["reason"], row["count"])
    sheet.row(FEWER_THAN_FIVE)


def _decisions(workbook, decisions):
    sheet = _Sheet(workbook, "Décisions", (45, 26, 16, 14, 60, 14, 12))
    sheet.title("Décisions du conseil et suivi")
    sheet.header("Titre", "Décision", "Budget accordé (€)", "Date du conseil", "Motivation", "Avancement",
                 "% réalisé")
    for decision in decisions:
        sheet.row(decision["title"], decision["outcome_label"],
                  Decimal(decision["budget"]) if decision["budget"] else None,
                  datetime.date.fromisoformat(decision["meeting_date"]), decision["rationale"], decision["stage"],
                  decision["progress"])
    if not decisions:
        sheet.row("Le conseil n'a pas encore décidé.")


def _opinion_maps(workbook, rounds):
    sheet = _Sheet(workbook, OPINION_SHEET[0], (14, 60, 16, 16, 16, 16, 16, 16))
    for entry in rounds:
        sheet.title(f"Tour d'opinions « {entry['title']} »")
        if not entry["computed"]:
            sheet.row("Pas encore calculé.")
            continue
        sheet.header("Indicateur", "Valeur")
        sheet.row("Calculé le", datetime.datetime.fromisoformat(entry["computed_at"]))
        sheet.row("Votes", entry["vote_count"])
        sheet.row("Participants", entry["participants"])
        sheet.row("Affirmations votées", entry["statements"])
        if not entry["enough_data"]:
            sheet.row(REASONS.get(entry["reason"], "Pas encore assez de votes."))
            continue
        sheet.row("Participants classés", entry["clustered"])
        sheet.row("Groupes", entry["k"])
        sheet.row("Stabilité (mêmes groupes sur des échantillons tirés au hasard)", Fraction(entry["stability"]))
        sheet.header("Groupe", "Affirmation représentative", "Sens", "Part du groupe", "Part des autres",
                     "Participants")
        for group in entry["groups"]:
            sheet.row(group["letter"], None, None, _share(group["share"]), None, group["size"])
            for statement in group["representative"]:
                sheet.row(group["letter"], statement["text"], DIRECTIONS[statement["direction"]],
                          _share(statement["group"]), _share(statement["others"]))
        letters = [group["letter"] for group in entry["groups"]]
        sheet.header("Ce qui rassemble", "Affirmation", "Sens", *(f"Groupe {letter}" for letter in letters))
        for statement in entry["consensus"]:
            sheet.row(None, statement["text"], DIRECTIONS[statement["direction"]],
                      *(_share(votes[statement["direction"]]) for votes in statement["groups"]))
        sheet.header("Ce qui divise", "Affirmation", "Sens", *(f"Groupe {letter}" for letter in letters))
        for statement in entry["divisive"]:
            sheet.row(None, statement["text"], DIRECTIONS["agree"],
                      *(_share(votes["agree"]) for votes in statement["groups"]))
