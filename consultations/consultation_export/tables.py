"""The tables of a consultation's export: name, description and typed columns (for the read-me of
every format), and rows streamed from the database (joins in SQL, chunks of CHUNK rows, no query
per row). Descriptions are in French: the export is read by the city's officials.

Column types: text, integer, decimal, date, datetime (aware, written in the portal's time zone).

The same row functions feed the open-data package (open_data.py): where a row differs there
(`export.open_data`: no author, bodies only once moderation is done, ballots by an unlinkable
number) the function says so; dropping columns, dates to the day and small counts are open_data.py's.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import islice

from django.db.models import Case, CharField, Count, F, Q, TextField, Value, When
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone

from ..models import (
    Ballot,
    BallotChoice,
    BoardDecision,
    Comment,
    ImplementationUpdate,
    LocalProjectPage,
    Proposal,
    Support,
    User,
)
from ..models.proposals import TaggedProposal
from .. import budget_results, budgeting
from ..selectors import vote_results
from ..services.voting import ballot_projects
from .pseudonyms import pseudonymiser

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple
    rows: object  # rows(export) -> iterator of tuples, in the order of the columns


class Export:
    """What the tables of one export share: the consultation, its pseudonyms, its vote results,
    and whether proposals carry their authors' names (`named`, see tables_for)."""

    def __init__(self, consultation, *, open_data=False, named=False):
        self.consultation = consultation
        self.open_data = open_data
        self.named = named and not open_data
        self.pseudonym = pseudonymiser(consultation)
        # Ballots of the open data are numbered by another key than people: a ballot's number
        # cannot be matched with the author of a proposal or a comment.
        self.ballot_number = pseudonymiser(consultation, purpose="open-ballot")
        self._results = None
        self._funding = False

    @property
    def results(self):
        if self._results is None:
            self._results = vote_results(self.consultation, list(ballot_projects(self.consultation)))
        return self._results


    @property
    def funding(self):
        """budget_results.funding: what the results page shows of a budget or points vote."""
        if self._funding is False:
            self._funding = budget_results.funding(self.consultation)
        return self._funding


def _chunks(iterable, size=CHUNK):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _comments_of(consultation):
    """Comments on the consultation, on its proposals and on the projects of its ballot."""
    projects = LocalProjectPage.objects.child_of(consultation).values("pk")
    return Comment.objects.filter(
        Q(consultation=consultation)
        | Q(proposal__consultation=consultation)
        | Q(local_project__in=projects)
    )


def consultation_rows(export):
    consultation = export.consultation
    site = consultation.get_site()
    yield (
        consultation.pk,
        consultation.title,
        site.hostname if site else "",
        consultation.proposals_opens_at,
        consultation.proposals_closes_at,
        consultation.vote_opens_at,
        consultation.vote_closes_at,
        consultation.decision_at,
        consultation.vote_method,
        consultation.moderation,
        Proposal.objects.for_consultation(consultation).published().count(),
        _comments_of(consultation).published().filter(deleted_at__isnull=True).count(),
        export.results.ballots,
    )


def proposal_rows(export):
    proposals = (
        Proposal.objects.for_consultation(export.consultation)
        .order_by("pk")
        .values_list(
            "pk", "title", "status", "created_at", "published_at", "support_count",
            "comment_count", "neighbourhood__name", "answer_status", "answer_text", "answered_at",
            "author_id", "merged_into_id",
            # Read only for a named export: a pseudonymous one never holds an email, even in memory.
            *(("author__display_name", "author__email", "author__deleted_at") if export.named else ()),
        )
        .iterator(chunk_size=CHUNK)
    )
    # The tags of all the proposals in one query, read alongside them (both in id order): a query
    # per chunk would make the number of queries grow with the consultation.
    links = (
        TaggedProposal.objects.filter(content_object__consultation_id=export.consultation.pk)
        .order_by("content_object_id", "tag__name")
        .values_list("content_object_id", "tag__name")
        .iterator(chunk_size=CHUNK)
    )
    link = next(links, None)
    for chunk in _chunks(proposals):
        tags = {}
        last = chunk[-1][0]
        while link is not None and link[0] <= last:
            tags.setdefault(link[0], []).append(link[1])
            link = next(links, None)
        for (pk, title, status, created, published, supports, comments, area, answer, answer_text,
             answered, author_id, merged_into, *author) in chunk:
            if export.open_data and status not in SHOWN_PROPOSALS:
                title = ""  # never public, or taken back by its author: may name someone
            row = (
                pk, title, status, created, published, supports, comments,
                ", ".join(tags.get(pk, ())), area or "", answer, answer_text, answered,
                export.pseudonym(author_id), merged_into,
            )
            if export.named:
                row += _author(author_id, *author)
            yield row


def _author(author_id, display_name, email, deleted_at):
    """The author's public name (as User.public_name words it) and email; nothing of an erased account."""
    if deleted_at:
        return ("participant supprimé", "")
    return (display_name or f"Participant n°{author_id}", email)


def comment_rows(export):
    shown = Q(status=Comment.Status.PUBLISHED, deleted_at__isnull=True)
    if export.open_data:
        # Moderation is over for it: no report waits for a moderator's decision.
        shown &= Q(report_count=0)
    comments = (
        _comments_of(export.consultation)
        .annotate(
            shown_body=Case(
                When(shown, then=F("body")),
                default=Value(""),
                output_field=TextField(),
            )
        )
        .order_by("pk")
        .values_list(
            "pk", "consultation_id", "proposal_id", "local_project_id", "parent_id", "stance",
            "status", "created_at", "upvote_count", "author_id", "shown_body",
        )
        .iterator(chunk_size=CHUNK)
    )
    for (pk, consultation_id, proposal_id, project_id, parent, stance, status, created, upvotes,
         author_id, body) in comments:
        if proposal_id:
            kind, target = "proposal", proposal_id
        elif project_id:
            kind, target = "local_project", project_id
        else:
            kind, target = "consultation", consultation_id
        yield (pk, kind, target, parent, stance, status, created, upvotes, export.pseudonym(author_id), body)


def ballot_choice_rows(export):
    # A ballot's voter, receipt and dates are read once, not once per choice (a ballot often has
    # one per project): dates are the slowest values to read, and a million choices are expected.
    # Both queries are in ballot order and read side by side. Project titles come from a dict:
    # joining them made the database send a million copies of a few titles.
    ballots = (
        Ballot.objects.filter(consultation=export.consultation)
        .annotate(receipt_start=Substr("receipt", 1, 4))
        .order_by("pk")
        .values_list("pk", "voter_id", "receipt_start", "created_at", "updated_at")
        .iterator(chunk_size=CHUNK)
    )
    choices = (
        BallotChoice.objects.filter(ballot__consultation=export.consultation)
        .order_by("ballot_id", "project_id")
        .values_list("ballot_id", "project_id", "value")
        .iterator(chunk_size=CHUNK)
    )
    titles = dict(LocalProjectPage.objects.child_of(export.consultation).values_list("pk", "title"))
    current = None
    next_ballot = next(ballots, None)
    for ballot_id, project_id, value in choices:
        if ballot_id != current:
            if next_ballot is None or next_ballot[0] < ballot_id:
                next_ballot = next((row for row in ballots if row[0] >= ballot_id), None)
            if next_ballot is None or next_ballot[0] != ballot_id:
                continue  # withdrawn between the two reads
            current, voter_id, receipt_start, created, updated = next_ballot
            voter = export.ballot_number(current) if export.open_data else export.pseudonym(voter_id)
        title = titles.get(project_id)
        if title is None:  # a project moved to another consultation since the vote
            title = titles[project_id] = LocalProjectPage.objects.values_list("title", flat=True).get(pk=project_id)
        yield (voter, receipt_start, project_id, title, value, created, updated)


def _percent(share):
    """As the results page rounds it (participation_tags.percent): half up, one decimal."""
    if not share:
        return Decimal("0.0")
    hundredths = Decimal(share.numerator * 100) / Decimal(share.denominator)
    return hundredths.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def result_rows(export):
    for rank, row in enumerate(export.results.rows, start=1):
        yield (
            rank, row.project.pk, row.project.title, row.approvals, row.against, row.abstentions,
            row.points, _percent(row.share),
        )


NOT_FUNDED_REASONS = {
    budgeting.NO_SUPPORT: "Personne n'a voté pour lui",
    budgeting.NOT_ENOUGH_MONEY: "Ses soutiens n'avaient plus assez d'argent ensemble ({money} €)",
    budgeting.DID_NOT_FIT: "Ne tenait plus dans le budget restant ({money} €)",
    budgeting.FREE: "Ne coûte rien",
}


def _euros(value):
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def funding_rows(export):
    funding = export.funding
    if funding is None:
        return
    for position, row in enumerate(funding.funded + funding.not_funded, start=1):
        rejection, override, purchase = row.rejection, row.override, row.purchase
        yield (
            position, row.project.pk, row.project.title, row.project.cost, row.score, funding.rule,
            row.funded_by_rule, row.funded, row.funded_by_other_rule,
            override.action if override else "", override.reason if override else "",
            NOT_FUNDED_REASONS.get(rejection.reason, "").format(money=_euros(rejection.money))
            if rejection and not row.funded_by_rule else "",
            _euros(purchase.price) if purchase and purchase.supporters else None,
        )


def participation_rows(export):
    consultation = export.consultation
    day = TruncDate("created_at", tzinfo=timezone.get_current_timezone())
    counted = (
        ("proposals", Proposal.objects.for_consultation(consultation), "created_at"),
        ("comments", _comments_of(consultation), "created_at"),
        ("supports", Support.objects.filter(proposal__consultation=consultation), "created_at"),
        ("ballots", Ballot.objects.filter(consultation=consultation), "created_at"),
    )
    days = {}
    for position, (_name, queryset, _field) in enumerate(counted):
        per_day = queryset.annotate(day=day).order_by().values("day").annotate(n=Count("pk"))
        for row in per_day.values_list("day", "n"):
            days.setdefault(row[0], [0, 0, 0, 0])[position] = row[1]
    for date in sorted(days):
        yield (date, *days[date])


SHOWN_PROPOSALS = (Proposal.Status.PUBLISHED, Proposal.Status.MERGED)


def local_project_rows(export):
    consultation = export.consultation
    # Projects are children of their consultation: their address is the consultation's plus a slug.
    base = consultation.get_full_url() or ""
    facility = consultation.facility.name if consultation.facility_id else ""
    projects = (
        LocalProjectPage.objects.child_of(consultation).live()
        .order_by("path")
        .values_list("pk", "title", "summary", "cost", "address", "latitude", "longitude", "slug")
        .iterator(chunk_size=CHUNK)
    )
    for pk, title, summary, cost, address, latitude, longitude, slug in projects:
        yield (pk, title, summary, cost, address, latitude, longitude, facility, f"{base}{slug}/" if base else "")


def _residence(person=""):
    """A participant's verified residence: their neighbourhood, else their postcode; "" unverified.
    `person` is the path to the account ("author", "voter"…), empty on the account itself."""
    prefix = f"{person}__" if person else ""
    return Case(
        When(**{f"{prefix}is_verified_resident": False}, then=Value("")),
        When(~Q(**{f"{prefix}neighbourhood": ""}), then=F(f"{prefix}neighbourhood")),
        default=F(f"{prefix}postcode"),
        output_field=CharField(),
    )


UNVERIFIED = "Résidence non vérifiée"


def neighbourhood_rows(export):
    """Per verified residence of the participants (one query per kind of contribution)."""
    consultation = export.consultation
    comments = _comments_of(consultation)
    contributions = (
        ("proposals", Proposal.objects.for_consultation(consultation), "author"),
        ("comments", comments, "author"),
        ("supports", Support.objects.filter(proposal__consultation=consultation), "user"),
        ("ballots", Ballot.objects.filter(consultation=consultation), "voter"),
    )
    areas = {}
    took_part = Q()
    for position, (_name, queryset, person) in enumerate(contributions, start=1):
        per_area = (
            queryset.annotate(area=_residence(person)).order_by().values("area").annotate(n=Count("pk"))
        )
        for area, count in per_area.values_list("area", "n"):
            areas.setdefault(area, [0] * 5)[position] = count
        # Membership, not a correlated EXISTS: PostgreSQL hashes each list once instead of
        # probing four tables per account (0.7 s to 0.06 s with 100,000 accounts).
        took_part |= Q(pk__in=queryset.values(person))
    people = (
        User.objects.filter(took_part).annotate(area=_residence()).order_by()
        .values("area").annotate(n=Count("pk")).values_list("area", "n")
    )
    for area, count in people:
        areas.setdefault(area, [0] * 5)[0] = count
    for area in sorted(areas, key=lambda name: (name == "", name)):
        yield (area or UNVERIFIED, *areas[area])


NO_REASON = "Sans motif"


def moderation_rows(export):
    consultation = export.consultation
    decided = (Proposal.Status.REJECTED, Proposal.Status.HIDDEN)
    kinds = (
        ("proposal", Proposal.objects.for_consultation(consultation)),
        ("comment", _comments_of(consultation)),
    )
    for kind, queryset in kinds:
        outcomes = (
            queryset.filter(status__in=decided).order_by()
            .values("status", "moderation_reason__code", "moderation_reason__label")
            .annotate(n=Count("pk"))
            .order_by("status", "moderation_reason__code")
            .values_list("status", "moderation_reason__code", "moderation_reason__label", "n")
        )
        for status, code, label, count in outcomes:
            yield (kind, status, code or "", label or NO_REASON, count)


def _item():
    return (
        "local_project_id", "local_project__title", "proposal_id", "proposal__title", "proposal__status",
    )


def _item_of(export, project_id, project_title, proposal_id, proposal_title, proposal_status):
    if project_id:
        return "local_project", project_id, project_title
    if export.open_data and proposal_status not in SHOWN_PROPOSALS:
        proposal_title = ""
    return "proposal", proposal_id, proposal_title


def decision_rows(export):
    decisions = (
        BoardDecision.objects.for_consultation(export.consultation)
        .order_by("meeting_date", "pk")
        .values_list(
            *_item(), "outcome", "budget_granted", "meeting_date", "rationale", "department",
            "stage", "progress",
        )
        .iterator(chunk_size=CHUNK)
    )
    for row in decisions:
        yield (*_item_of(export, *row[:5]), *row[5:])


def implementation_rows(export):
    updates = (
        ImplementationUpdate.objects.filter(decision__consultation_id=export.consultation.pk)
        .order_by("date", "pk")
        .values_list(*(f"decision__{name}" for name in _item()), "date", "stage", "percent", "text")
        .iterator(chunk_size=CHUNK)
    )
    for row in updates:
        kind, item_id, _title = _item_of(export, *row[:5])
        yield (kind, item_id, *row[5:])


TABLES = (
    Table(
        "consultation",
        "La consultation : une ligne, avec ses dates, ses règles et ses totaux.",
        (
            Column("id", "integer", "Identifiant de la page de la consultation"),
            Column("title", "text", "Titre"),
            Column("site", "text", "Site (nom d'hôte) où elle est publiée"),
            Column("proposals_opens_at", "datetime", "Ouverture du dépôt des propositions"),
            Column("proposals_closes_at", "datetime", "Clôture du dépôt des propositions"),
            Column("vote_opens_at", "datetime", "Ouverture du vote"),
            Column("vote_closes_at", "datetime", "Clôture du vote"),
            Column("decision_at", "datetime", "Date de la décision"),
            Column("vote_method", "text", "Mode de scrutin (approval, budget, points, for_against)"),
            Column("moderation", "text", "Modération : pre (a priori) ou post (a posteriori)"),
            Column("proposals", "integer", "Propositions publiées"),
            Column("comments", "integer", "Commentaires publiés (non supprimés par leur auteur)"),
            Column("ballots", "integer", "Bulletins déposés (comme la page des résultats)"),
        ),
        consultation_rows,
    ),
    Table(
        "local_projects",
        "Les projets locaux de la consultation (ceux du vote), publiés.",
        (
            Column("id", "integer", "Identifiant de la page du projet"),
            Column("title", "text", "Titre"),
            Column("summary", "text", "Résumé"),
            Column("cost", "integer", "Coût estimé en euros"),
            Column("address", "text", "Adresse"),
            Column("latitude", "decimal", "Latitude (WGS 84)"),
            Column("longitude", "decimal", "Longitude (WGS 84)"),
            Column("facility", "text", "Équipement de la consultation"),
            Column("url", "text", "Adresse de la page du projet"),
        ),
        local_project_rows,
    ),
    Table(
        "proposals",
        "Les propositions, tous statuts confondus, avec la réponse officielle.",
        (
            Column("id", "integer", "Identifiant de la proposition"),
            Column("title", "text", "Titre"),
            Column("status", "text", "Statut : pending, published, rejected, hidden, withdrawn, merged"),
            Column("created_at", "datetime", "Déposée le"),
            Column("published_at", "datetime", "Publiée le"),
            Column("support_count", "integer", "Nombre de soutiens"),
            Column("comment_count", "integer", "Nombre de commentaires publiés"),
            Column("tags", "text", "Thèmes, séparés par des virgules"),
            Column("neighbourhood", "text", "Quartier"),
            Column("answer_status", "text", "Réponse officielle (accepted, under_study, not_retained…)"),
            Column("answer_text", "text", "Texte de la réponse officielle"),
            Column("answered_at", "datetime", "Répondue le"),
            Column("author", "text", "Pseudonyme de l'auteur (stable dans cette consultation)"),
            Column("merged_into", "integer", "Identifiant de la proposition où elle a été fusionnée"),
        ),
        proposal_rows,
    ),
    Table(
        "comments",
        "Les commentaires sur la consultation, ses propositions et ses projets.",
        (
            Column("id", "integer", "Identifiant du commentaire"),
            Column("target_kind", "text", "Objet commenté : consultation, proposal ou local_project"),
            Column("target_id", "integer", "Identifiant de l'objet commenté"),
            Column("parent_id", "integer", "Commentaire auquel il répond"),
            Column("stance", "text", "Position : for, against, neutral"),
            Column("status", "text", "Statut : pending, published, rejected, hidden"),
            Column("created_at", "datetime", "Publié le"),
            Column("upvote_count", "integer", "Nombre de votes « utile »"),
            Column("author", "text", "Pseudonyme de l'auteur (stable dans cette consultation)"),
            Column(
                "body", "text",
                "Texte, seulement pour les commentaires publiés : vide s'il est en attente, "
                "rejeté, masqué ou supprimé par son auteur",
            ),
        ),
        comment_rows,
    ),
    Table(
        "ballot_choices",
        "Une ligne par choix d'un bulletin.",
        (
            Column("voter", "text", "Pseudonyme du votant (stable dans cette consultation)"),
            Column("receipt_start", "text", "Quatre premiers caractères du récépissé du bulletin"),
            Column("project_id", "integer", "Identifiant du projet"),
            Column("project_title", "text", "Titre du projet"),
            Column("value", "integer", "Valeur : 1 (pour, approuvé), -1 (contre), 0 (abstention) ou points"),
            Column("created_at", "datetime", "Bulletin déposé le"),
            Column("updated_at", "datetime", "Bulletin modifié pour la dernière fois le"),
        ),
        ballot_choice_rows,
    ),
    Table(
        "results",
        "Les résultats par projet, tels que la page des résultats les affiche, dans son ordre.",
        (
            Column("rank", "integer", "Rang"),
            Column("project_id", "integer", "Identifiant du projet"),
            Column("project_title", "text", "Titre du projet"),
            Column("approvals", "integer", "Voix pour (ou approbations)"),
            Column("against", "integer", "Voix contre"),
            Column("abstentions", "integer", "Abstentions"),
            Column("points", "integer", "Points reçus"),
            Column("share_percent", "decimal", "Part en % (des bulletins, ou des points donnés)"),
        ),
        result_rows,
    ),
    Table(
        "funding",
        "Vote sur budget ou à points : les projets financés par la règle du vote, puis les autres, "
        "avec la liste finale (après les projets gratuits choisis et les changements motivés de "
        "l'équipe) et ce que l'autre règle aurait financé. Vide pour les autres votes.",
        (
            Column("position", "integer", "Ordre : les projets financés dans l'ordre du calcul, puis les autres"),
            Column("project_id", "integer", "Identifiant du projet"),
            Column("project_title", "text", "Titre du projet"),
            Column("cost", "integer", "Coût (€)"),
            Column("votes", "integer", "Approbations (vote sur budget) ou points reçus"),
            Column("rule", "text", "Règle du vote : mes (parts égales) ou greedy (les plus votés d'abord)"),
            Column("funded_by_rule", "boolean", "Financé par la règle"),
            Column("funded", "boolean", "Financé dans la liste finale"),
            Column("funded_by_other_rule", "boolean", "Financé par l'autre règle"),
            Column("change", "text", "Changement de l'équipe après le vote : add (ajouté), remove (retiré)"),
            Column("change_reason", "text", "Motif public du changement"),
            Column("not_funded_because", "text", "Pourquoi la règle ne l'a pas financé"),
            Column("price_per_supporter", "decimal", "Parts égales : ce que chaque soutien a payé au plus (€)"),
        ),
        funding_rows,
    ),
    Table(
        "participation_per_day",
        "La participation jour par jour (jours du fuseau du portail).",
        (
            Column("date", "date", "Jour"),
            Column("proposals", "integer", "Propositions déposées"),
            Column("comments", "integer", "Commentaires déposés"),
            Column("supports", "integer", "Soutiens donnés"),
            Column("ballots", "integer", "Bulletins déposés"),
        ),
        participation_rows,
    ),
    Table(
        "participation_per_neighbourhood",
        "La participation par lieu de résidence vérifié des participants (quartier, à défaut code "
        "postal) ; les comptes dont la résidence n'est pas vérifiée sont comptés à part.",
        (
            Column("residence", "text", "Quartier ou code postal de résidence vérifié"),
            Column("participants", "integer", "Participants (ayant déposé, commenté, soutenu ou voté)"),
            Column("proposals", "integer", "Propositions déposées"),
            Column("comments", "integer", "Commentaires déposés"),
            Column("supports", "integer", "Soutiens donnés"),
            Column("ballots", "integer", "Bulletins déposés"),
        ),
        neighbourhood_rows,
    ),
    Table(
        "moderation_outcomes",
        "Les contributions refusées ou masquées par la modération, par motif (état actuel).",
        (
            Column("contribution", "text", "proposal (proposition) ou comment (commentaire)"),
            Column("decision", "text", "rejected (refusée) ou hidden (masquée)"),
            Column("reason_code", "text", "Code du motif"),
            Column("reason", "text", "Motif"),
            Column("count", "integer", "Nombre de contributions"),
        ),
        moderation_rows,
    ),
    Table(
        "decisions",
        "Les décisions du conseil d'administration sur les projets et propositions.",
        (
            Column("item_kind", "text", "local_project (projet) ou proposal (proposition)"),
            Column("item_id", "integer", "Identifiant du projet ou de la proposition"),
            Column("item_title", "text", "Titre du projet ou de la proposition"),
            Column("outcome", "text", "Décision : adopted, adopted_with_changes, deferred, rejected"),
            Column("budget_granted", "decimal", "Budget accordé en euros"),
            Column("meeting_date", "date", "Date de la séance du conseil"),
            Column("rationale", "text", "Motivation de la décision"),
            Column("department", "text", "Service responsable"),
            Column("stage", "text", "Avancement : planned, in_progress, done, abandoned"),
            Column("progress", "integer", "Pourcentage réalisé"),
        ),
        decision_rows,
    ),
    Table(
        "implementation_updates",
        "Les étapes de la mise en œuvre des décisions adoptées.",
        (
            Column("item_kind", "text", "local_project (projet) ou proposal (proposition)"),
            Column("item_id", "integer", "Identifiant du projet ou de la proposition"),
            Column("date", "date", "Date"),
            Column("stage", "text", "Étape : planned, in_progress, done, abandoned"),
            Column("percent", "integer", "Pourcentage réalisé"),
            Column("text", "text", "Ce qui a été fait"),
        ),
        implementation_rows,
    ),
)

TABLES_BY_NAME = {table.name: table for table in TABLES}

NAMED_COLUMNS = (
    Column("author_name", "text", "Nom public de l'auteur (export nominatif)"),
    Column("author_email", "text", "Adresse électronique de l'auteur (export nominatif)"),
)


def tables_for(*, named=False):
    """The tables of an export; a named one adds the authors' names and emails to the proposals,
    and only there: comments and ballots stay pseudonymous."""
    if not named:
        return TABLES
    return tuple(
        Table(table.name, table.description, table.columns + NAMED_COLUMNS, table.rows)
        if table.name == "proposals" else table
        for table in TABLES
    )
