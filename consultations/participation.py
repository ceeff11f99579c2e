"""Participation figures: the one place where the portal counts who took part in a consultation.
The officials' dashboard and the synthesis pages read them here.

A **participant** of a consultation is an account that, in that consultation,
- wrote a proposal that is published or was merged into another one (a pending, rejected,
  hidden or withdrawn proposal does not count),
- wrote a published comment not deleted by its author, on the consultation, one of its proposals
  or one of the local projects of its ballot,
- supported one of its proposals, or
- cast a ballot.
Each account counts once, whatever it did and how often. An erased account (User.deleted_at)
still counts: erasure removes who someone was, not that they took part.

Counted contributions are the same: proposals published or merged, comments published and not
deleted, every support and every ballot. The export's participation tables
(consultation_export.tables) count every contribution deposited, whatever became of it: both
agree on supports and ballots always, on proposals and comments as long as moderation or their
authors removed none.

A participant is **new** in a consultation when they took part in no consultation that started
earlier, and **returning** otherwise. A consultation starts when proposals open, else when its
vote opens, else when it was first published (`start_of`). Two consultations starting at the
same moment are not earlier than each other; one with none of these dates (never published) is
earlier than none.

Turnout is ballots over the register of eligible voters (selectors.eligible_voter_count: known
only for consultations open to verified residents).

Every function takes any number of consultations and runs a fixed number of queries: one for the
contributions (participation_figures reads them once for all its figures), and two for the
register of voters where a consultation is open to verified residents.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from django.db import connection
from django.db.models import Count, DateField, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Length, Substr, TruncMonth
from django.utils import timezone
from wagtail.models import Page

from .models import Ballot, Comment, ConsultationPage, Proposal, Support, User

COUNTED_PROPOSALS = (Proposal.Status.PUBLISHED, Proposal.Status.MERGED)

# The kinds of contribution, in the order of Participation's fields.
PROPOSALS, COMMENTS, SUPPORTS, BALLOTS = range(4)


@dataclass(frozen=True)
class Participation:
    participants: int
    proposals: int
    comments: int
    supports: int
    ballots: int
    eligible: int | None
    new_participants: int
    returning_participants: int

    @property
    def turnout(self):
        """Ballots over eligible voters, a Fraction; None when the register is unknown or empty."""
        if not self.eligible:
            return None
        return Fraction(self.ballots, self.eligible)


NOBODY = Participation(0, 0, 0, 0, 0, None, 0, 0)


def start_of(consultation):
    """When a consultation starts, for "earlier" (see the module's docstring)."""
    return consultation.proposals_opens_at or consultation.vote_opens_at or consultation.first_published_at


def _comment_consultation():
    """The consultation a comment belongs to: its own, its proposal's, or its local project's
    parent page (a local project is a child of its consultation, its path one step longer)."""
    project_path = OuterRef("local_project__path")
    parent = Page.objects.filter(
        path=Substr(project_path, 1, Length(project_path) - Page.steplen)
    ).values("pk")[:1]
    return Coalesce(
        "consultation_id", "proposal__consultation_id", Subquery(parent), output_field=IntegerField()
    )


def _contributions(*, consultation_ids=None, by_month=False):
    """One queryset per kind of counted contribution, each of rows (consultation, kind, person,
    month: the first day of the month it was made, in the portal's time zone, or NULL without
    `by_month`), of the consultations listed or of all of them."""
    sources = (
        (PROPOSALS, Proposal.objects.filter(status__in=COUNTED_PROPOSALS), "consultation_id", "author_id"),
        (
            COMMENTS,
            Comment.objects.filter(status=Comment.Status.PUBLISHED, deleted_at__isnull=True),
            _comment_consultation(),
            "author_id",
        ),
        (SUPPORTS, Support.objects.all(), "proposal__consultation_id", "user_id"),
        (BALLOTS, Ballot.objects.all(), "consultation_id", "voter_id"),
    )
    queries = []
    for kind, rows, consultation, person in sources:
        rows = rows.order_by().alias(of=F(consultation) if isinstance(consultation, str) else consultation)
        if consultation_ids is not None:
            rows = rows.filter(of__in=consultation_ids)
        rows = rows.annotate(
            bucket=F("of"),
            kind=Value(kind, output_field=IntegerField()),
            person=F(person),
            month=TruncMonth("created_at", output_field=DateField(), tzinfo=timezone.get_current_timezone())
            if by_month else Value(None, output_field=DateField()),
        )
        queries.append(rows.values_list("bucket", "kind", "person", "month"))
    return queries


def _union_sql(queries):
    """The SQL and parameters of the queries' UNION ALL, for a raw query to group: the ORM cannot
    count distinct people across the four tables in one query."""
    first, *others = queries
    union = first.union(*others, all=True)
    return union.query.get_compiler(connection=connection).as_sql()


def _ids_list(ids):
    return ", ".join(str(int(pk)) for pk in ids)


@dataclass(frozen=True)
class Figures:
    """participation_figures' answer."""

    consultations: dict  # {consultation pk: Participation}
    groups: dict  # {group key: participants}
    months: list  # [(first day of the month, participants)]


def participation_figures(consultations, *, groups=None, by_month=False):
    """Everything the portal counts of the given consultations, from one read of the
    contributions (and two of the register of voters, see eligible_voter_counts):
    - `consultations`: {pk: Participation}, each consultation present even with nobody;
    - `groups` ({key: [consultation pks]}, e.g. a site's): {key: participants}, each person
      counted once in a group however many of its consultations they took part in;
    - with `by_month`, `months`: [(first day of the month, participants that month)] across the
      given consultations, every month from the first with a contribution to the last, those with
      nobody at 0 (a line chart joins the points it is given)."""
    consultations = list(consultations)
    figures = _figures([consultation.pk for consultation in consultations], groups or {}, by_month)
    eligible = eligible_voter_counts(consultations)
    return Figures(
        consultations={
            pk: Participation(**{**vars(counted), "eligible": eligible.get(pk)})
            for pk, counted in figures.consultations.items()
        },
        groups=figures.groups,
        months=figures.months,
    )


def _figures(ids, groups, by_month):
    """participation_figures without the register of voters (`eligible` None): one query."""
    if not ids:
        return Figures({}, dict.fromkeys(groups, 0), [])
    kinds, people, totals, months = defaultdict(lambda: [0, 0, 0, 0]), {}, {}, {}
    for tag, key, kind, count, new, month in _read_figures(ids, groups, by_month):
        # PostgreSQL sums counts into numerics.
        count, new = int(count), int(new or 0)
        if tag == 0:
            kinds[key][kind] = count
        elif tag == 1:
            people[key] = (count, new)
        elif tag == 2:
            totals[key] = count
        else:
            months[_as_date(month)] = count
    figures = {}
    for pk in ids:
        counted = kinds.get(pk, (0, 0, 0, 0))
        total, new = people.get(pk, (0, 0))
        figures[pk] = Participation(
            participants=total,
            proposals=counted[PROPOSALS],
            comments=counted[COMMENTS],
            supports=counted[SUPPORTS],
            ballots=counted[BALLOTS],
            eligible=None,
            new_participants=new,
            returning_participants=total - new,
        )
    return Figures(
        consultations=figures,
        groups={key: totals.get(position, 0) for position, key in enumerate(groups)},
        months=_every_month(months),
    )


def _read_figures(ids, groups, by_month):
    """Rows (tag, key, kind, count, new, month), tag 0: contributions of a kind in a consultation;
    1: its participants and new participants; 2: a group's participants (key: its position);
    3: a month's participants. The contributions of every consultation are read once, grouped by
    consultation, kind, person and month, and everything is counted from that: "new" needs each
    person's first consultation, whichever it is."""
    union, params = _union_sql(_contributions(by_month=by_month))
    wanted = _ids_list(ids)
    # VALUES names its columns column1, column2 in both SQLite and PostgreSQL.
    membership = ", ".join(
        f"({int(pk)}, {position})" for position, members in enumerate(groups.values()) for pk in members
    )
    by_group = f"""
        UNION ALL
        SELECT 2, membership.column2, NULL, COUNT(DISTINCT listed.person_id), NULL, CAST(NULL AS DATE)
        FROM listed JOIN (VALUES {membership}) membership ON membership.column1 = listed.consultation_id
        GROUP BY membership.column2""" if membership else ""
    per_month = """
        UNION ALL
        SELECT 3, NULL, NULL, COUNT(DISTINCT person_id), NULL, month FROM listed GROUP BY month
    """ if by_month else ""
    sql = f"""
        WITH contribution AS (
            SELECT bucket AS consultation_id, kind, person AS person_id, month, COUNT(*) AS n
            FROM ({union}) made GROUP BY bucket, kind, person, month
        ),
        took_part AS (
            SELECT DISTINCT contribution.consultation_id, contribution.person_id,
                   COALESCE(c.proposals_opens_at, c.vote_opens_at, p.first_published_at) AS starts
            FROM contribution
            JOIN {ConsultationPage._meta.db_table} c ON c.page_ptr_id = contribution.consultation_id
            JOIN {Page._meta.db_table} p ON p.id = c.page_ptr_id
        ),
        firsts AS (
            SELECT person_id, MIN(starts) AS first_start FROM took_part GROUP BY person_id
        ),
        listed AS (
            SELECT * FROM contribution WHERE consultation_id IN ({wanted})
        )
        SELECT 0, consultation_id, kind, SUM(n), NULL, CAST(NULL AS DATE)
        FROM listed GROUP BY consultation_id, kind
        UNION ALL
        SELECT 1, t.consultation_id, NULL, COUNT(*),
               SUM(CASE WHEN t.starts IS NULL OR f.first_start IS NULL OR t.starts <= f.first_start
                        THEN 1 ELSE 0 END),
               CAST(NULL AS DATE)
        FROM took_part t JOIN firsts f ON f.person_id = t.person_id
        WHERE t.consultation_id IN ({wanted})
        GROUP BY t.consultation_id
        {by_group}
        {per_month}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _every_month(counts):
    if not counts:
        return []
    months, month, last = [], min(counts), max(counts)
    while month <= last:
        months.append((month, counts.get(month, 0)))
        month = (month + timedelta(days=31)).replace(day=1)
    return months


def participation(consultations):
    """{consultation pk: Participation} for the given consultations (pages or a queryset), each
    present even with nobody taking part (participation_figures)."""
    return participation_figures(consultations).consultations


def distinct_participants(groups):
    """{key: participants} for groups of consultations ({key: [consultation pks]})
    (participation_figures)."""
    return _figures(sorted({pk for members in groups.values() for pk in members}), groups, False).groups


def eligible_voter_counts(consultations):
    """{consultation pk: eligible voters or None}, as selectors.eligible_voter_count counts them
    one by one, in two queries for all of them (none when no consultation is open to verified
    residents only): the register grouped by postcode and neighbourhood, which stays small, and
    the neighbourhoods each consultation names."""
    residents_only = [c for c in consultations if c.audience == ConsultationPage.Audience.RESIDENTS]
    counts = {consultation.pk: None for consultation in consultations}
    if not residents_only:
        return counts
    register = list(
        User.objects.filter(is_verified_resident=True, is_active=True, deleted_at__isnull=True)
        .order_by()
        .values_list("postcode", "neighbourhood")
        .annotate(n=Count("pk"))
    )
    through = ConsultationPage.eligible_neighbourhoods.through
    names = defaultdict(set)
    for pk, name in through.objects.filter(
        consultationpage_id__in=[c.pk for c in residents_only]
    ).values_list("consultationpage_id", "neighbourhood__name"):
        names[pk].add(name)
    for consultation in residents_only:
        postcodes = set(consultation.postcode_list)
        chosen = names[consultation.pk]
        counts[consultation.pk] = sum(
            n for postcode, neighbourhood, n in register
            if not (postcodes or chosen) or postcode in postcodes or neighbourhood in chosen
        )
    return counts


def participation_over_time(consultations, *, by="month"):
    """[(first day of the month, distinct participants that month)] across the given
    consultations, every month from the first with a contribution to the last, those with nobody
    at 0 (participation_figures)."""
    if by != "month":
        raise ValueError(f"Participation is counted by month, not by {by!r}")
    return _figures([consultation.pk for consultation in consultations], {}, True).months


def _as_date(value):
    # A raw cursor skips Django's converters: SQLite gives text, PostgreSQL a timestamp.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
