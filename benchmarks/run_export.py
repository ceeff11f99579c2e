#!/usr/bin/env python3
"""Export benchmark: a generated consultation exported in CSV, XLSX and JSON on PostgreSQL.

Steps: a database of its own (`portal_export_bench`, next to the one DATABASE_URL names), migrate,
then three consultations written in bulk (not through the services: speed):

- `export-bench-big`: a for/against vote with --ballots ballots on --projects projects (one choice
  per project on each ballot: 100,000 × 10 = 1,000,000 ballot-choice rows by default), --comments
  comments and --proposals proposals;
- `export-bench-small`: the same, ten times smaller (the query counts of both are compared);
- `export-bench-comments`: exactly --comments comments (on the consultation and 200 proposals) and
  nothing else, for the XLSX target.

Each export then runs in a fresh Python process, so that its peak resident memory (ru_maxrss) is
its own, and prints seconds, peak RSS and SQL queries, and PASS or FAIL for each target of issue 10.
See benchmarks/README.md.

Run it with the project's virtualenv: `.venv/bin/python benchmarks/run_export.py`.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

import harness
from harness import (
    LOCAL_DATABASE_URL, answer_helper, bench_database, finish, log, machine, manage,
    print_verdicts, report_header, verdict_table, versions, wait_for_idle,
)

DATABASE_NAME = "portal_export_bench"
BIG, SMALL, COMMENTS = "export-bench-big", "export-bench-small", "export-bench-comments"
USER_DOMAIN = "export.bench.invalid"

# Issue 10's targets.
CSV_SECONDS, CSV_MEGABYTES = 15, 150
XLSX_SECONDS = 2


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "") or LOCAL_DATABASE_URL,
        help=f"PostgreSQL server to use; the benchmark creates its own database {DATABASE_NAME} "
        "there (default: $DATABASE_URL, else the local one of the README)",
    )
    parser.add_argument("--reuse-db", action="store_true", help="keep the seeded database of a previous run")
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=10)
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--proposals", type=int, default=3_000)
    parser.add_argument(
        "--only", default="", help="run only the measurements whose name contains this text, e.g. 'csv'"
    )
    parser.add_argument(
        "--profile", metavar="NAME",
        help="profile the measurement of this name (e.g. 'CSV, whole consultation') with cProfile "
        "and print its 30 most expensive functions instead of measuring everything",
    )
    parser.add_argument(
        "--wait-for-idle", type=int, default=120, metavar="SECONDS",
        help="before each export, wait up to this long for the CPU to be at least 80 %% idle",
    )
    parser.add_argument("--results", type=Path, help="also write the results as Markdown to this file")
    parser.add_argument("--django-helper", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- setup


def django_env(database_url):
    # Fixed, so that pseudonyms are the same from one run to the next (not a real key).
    return harness.django_env(database_url, secret_key="export-benchmark-" + "x" * 40)


def helper(env, *task, echo=False):
    """Run one of the Django-side tasks below in a fresh process; return its JSON result."""
    return harness.helper(__file__, env, *task, echo=echo)


# --------------------------------------------------------------------------- Django side


def django_helper(task, *arguments):
    answer_helper({"seed": helper_seed, "export": helper_export}, task, *arguments)


COMMENT_TEXTS = (
    "Je suis pour, à condition que les horaires d'ouverture soient élargis le week-end.",
    "Il faudrait prévoir un abri pour les vélos et un éclairage le soir, sinon personne ne viendra.",
    "-1 pour moi : le quartier a d'autres priorités, comme la réfection des trottoirs rue Garibaldi.",
    "=SOMME(A1:A9) n'est pas une réponse ; chiffrez plutôt l'entretien sur dix ans.",
    "Très bonne idée ! Nos enfants en profiteraient tous les jours après l'école.",
    "Attention au bruit pour les riverains : « nocturne » ne veut pas dire jusqu'à minuit.",
)


def helper_seed(ballots, projects, comments, proposals):
    """Write the three consultations in bulk (skipping those already there)."""
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag
    from wagtail.models import Site

    from consultations.models import (
        Ballot, Comment, ConsultationIndexPage, ConsultationPage, LocalProjectPage, Proposal, User,
    )
    from consultations.models.proposals import TaggedProposal

    ballots, projects, comments, proposals = int(ballots), int(projects), int(comments), int(proposals)
    started = time.monotonic()
    home = Site.objects.get(is_default_site=True).root_page
    index = ConsultationIndexPage.objects.child_of(home).first() or home.add_child(
        instance=ConsultationIndexPage(title="Consultations", slug="consultations")
    )
    steps = {}

    def step(name, since):
        steps[name] = round(steps.get(name, 0) + time.monotonic() - since, 1)
        return time.monotonic()

    existing = User.objects.filter(email__endswith=f"@{USER_DOMAIN}").count()
    if existing < ballots:
        User.objects.bulk_create(
            (
                User(email=f"votant{number}@{USER_DOMAIN}", password="!", display_name=f"Votant {number}")
                for number in range(existing, ballots)
            ),
            batch_size=5000,
        )
    mark = step("users", started)
    user_ids = list(
        User.objects.filter(email__endswith=f"@{USER_DOMAIN}").order_by("pk").values_list("pk", flat=True)
    )
    tags = [Tag.objects.get_or_create(name=name, slug=name)[0] for name in ("sport", "ombre", "vélo", "école", "eau")]
    now = timezone.now()
    day = datetime.timedelta(days=1)
    figures = {}
    for slug, n_ballots, n_projects, n_comments, n_proposals in (
        (BIG, ballots, projects, comments, proposals),
        (SMALL, ballots // 10, projects, comments // 10, proposals // 10),
        (COMMENTS, 0, 0, comments, 200),
    ):
        if ConsultationPage.objects.filter(slug=slug).exists():
            continue
        mark = time.monotonic()
        with transaction.atomic():
            page = index.add_child(instance=ConsultationPage(
                title=f"Banc d'essai des exports ({slug})", slug=slug,
                question="Quels projets pour le parc de la Tête d'Or ?",
                vote_method=(ConsultationPage.VoteMethod.FOR_AGAINST if n_ballots else ConsultationPage.VoteMethod.NONE),
                proposals_opens_at=now - 90 * day, proposals_closes_at=now - 60 * day,
                vote_opens_at=now - 30 * day if n_ballots else None,
                vote_closes_at=now - 2 * day if n_ballots else None,
            ))
            project_ids = [
                page.add_child(instance=LocalProjectPage(
                    title=f"Projet {number} : {'=aire de jeux' if number == 1 else 'rénovation'}",
                    slug=f"projet-{number}", summary="Un projet du banc d'essai.", cost=10_000 * number,
                )).pk
                for number in range(1, n_projects + 1)
            ]
            statuses = ["published"] * 8 + ["rejected", "pending"]
            made = Proposal.objects.bulk_create(
                (
                    Proposal(
                        consultation=page, author_id=user_ids[number % len(user_ids)],
                        title=f"Proposition n°{number} pour le parc", body="Une proposition du banc d'essai. " * 3,
                        status=statuses[number % len(statuses)], support_count=number % 40,
                        comment_count=number % 7,
                        answer_status="accepted" if number % 11 == 0 else "",
                        answer_text="Retenue pour le budget 2027." if number % 11 == 0 else "",
                        answered_at=now - 3 * day if number % 11 == 0 else None,
                    )
                    for number in range(n_proposals)
                ),
                batch_size=2000,
            )
            mark = step("pages and proposals", mark)
            TaggedProposal.objects.bulk_create(
                (
                    TaggedProposal(content_object_id=proposal.pk, tag=tags[(position + shift) % len(tags)])
                    for position, proposal in enumerate(made)
                    for shift in range(position % 3)
                ),
                batch_size=5000,
            )
            proposal_ids = [proposal.pk for proposal in made]
            comment_statuses = ["published"] * 17 + ["hidden", "pending", "rejected"]

            def target(number):
                # Most on proposals, some on the consultation, a few on its projects.
                if number % 10 == 0 or not proposal_ids:
                    return {"consultation": page}
                if number % 20 == 1 and project_ids:
                    return {"local_project_id": project_ids[number % len(project_ids)]}
                return {"proposal_id": proposal_ids[number % len(proposal_ids)]}

            Comment.objects.bulk_create(
                (
                    Comment(
                        author_id=user_ids[(number * 7) % len(user_ids)], body=COMMENT_TEXTS[number % len(COMMENT_TEXTS)],
                        stance=("for", "against", "neutral")[number % 3],
                        status=comment_statuses[number % len(comment_statuses)], upvote_count=number % 5,
                        deleted_at=now - day if number % 97 == 0 else None,
                        **target(number),
                    )
                    for number in range(n_comments)
                ),
                batch_size=2000,
            )
            mark = step("tags and comments", mark)
            Ballot.objects.bulk_create(
                (
                    Ballot(consultation=page, voter_id=user_ids[number], method=page.vote_method)
                    for number in range(n_ballots)
                ),
                batch_size=5000,
            )
            mark = step("ballots", mark)
            with connection.cursor() as cursor:
                # One choice per project on each ballot: for (1), against (-1) or abstention (0).
                cursor.execute(
                    """
                    INSERT INTO consultations_ballotchoice (ballot_id, project_id, value)
                    SELECT ballot.id, project.id, ((ballot.id + project.id) %% 3) - 1
                    FROM consultations_ballot ballot
                    CROSS JOIN unnest(%s::integer[]) AS project(id)
                    WHERE ballot.consultation_id = %s
                    """,
                    [project_ids, page.pk],
                )
                mark = step("ballot choices", mark)
                # Spread over the phases, so that participation_per_day has a row per day.
                if n_ballots:
                    cursor.execute(
                        """
                        UPDATE consultations_ballot
                        SET created_at = %s + (id %% 27) * interval '1 day' + (id %% 86400) * interval '1 second',
                            updated_at = %s + (id %% 27) * interval '1 day' + (id %% 86400) * interval '1 second'
                                         + (id %% 3) * interval '1 hour'
                        WHERE consultation_id = %s
                        """,
                        [page.vote_opens_at, page.vote_opens_at, page.pk],
                    )
                for table in ("consultations_proposal", "consultations_comment"):
                    column = "consultation_id" if table == "consultations_proposal" else None
                    where = (
                        f"{column} = %s" if column
                        else "(consultation_id = %s OR proposal_id IN (SELECT id FROM consultations_proposal WHERE consultation_id = %s) "
                        "OR local_project_id = ANY(%s))"
                    )
                    parameters = [page.pk] if column else [page.pk, page.pk, project_ids]
                    cursor.execute(
                        f"UPDATE {table} SET created_at = %s + (id %% 80) * interval '1 day' "
                        f"+ (id %% 86400) * interval '1 second' WHERE {where}",
                        [page.proposals_opens_at, *parameters],
                    )
            mark = step("dates", mark)
        figures[slug] = {"ballots": n_ballots, "choices": n_ballots * n_projects, "comments": n_comments, "proposals": n_proposals}
    mark = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("analyze", mark)
    return {"seconds": round(time.monotonic() - started, 1), "seeded": figures, "steps": steps}


def helper_export(slug, fmt, output, profile=""):
    """One export, timed, in this fresh process: seconds, peak RSS, SQL queries, rows per table."""
    import resource

    from django.db import connection

    from consultations.consultation_export import export_consultation
    from consultations.models import ConsultationPage

    page = ConsultationPage.objects.get(slug=slug)
    # As in a running server or worker: the URL configuration loaded, the sites' addresses cached.
    page.get_url()
    queries = []

    def count(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            # A streamed query (DECLARE … CURSOR WITH HOLD) is run whole here, before its rows are fetched.
            queries.append([round((time.perf_counter() - started) * 1000, 1), sql[:160]])

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    def cpu():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    with connection.execute_wrapper(count):
        started, cpu_started = time.perf_counter(), cpu()
        written = export_consultation(page, fmt, output)
        seconds, cpu_seconds = time.perf_counter() - started, cpu() - cpu_started
    if profiler:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = sum(path.stat().st_size for path in Path(output).rglob("*")) if Path(output).is_dir() else Path(output).stat().st_size
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_mb": peak,
        "rss_before_mb": rss_before,
        "queries": len(queries),
        "query_list": queries,
        "rows": {table: rows for _path, table, rows in written},
        "bytes": size,
    }


# --------------------------------------------------------------------------- report


MEASUREMENTS = (
    # name, consultation, format, table whose rows are reported
    ("CSV, whole consultation", BIG, "csv", "ballot_choices"),
    ("XLSX, whole consultation", BIG, "xlsx", "ballot_choices"),
    ("JSON, whole consultation", BIG, "json", "ballot_choices"),
    ("XLSX, consultation of comments only", COMMENTS, "xlsx", "comments"),
    ("CSV, consultation of comments only", COMMENTS, "csv", "comments"),
    ("JSON, consultation of comments only", COMMENTS, "json", "comments"),
    ("CSV, 10× smaller", SMALL, "csv", "ballot_choices"),
    ("XLSX, 10× smaller", SMALL, "xlsx", "ballot_choices"),
    ("JSON, 10× smaller", SMALL, "json", "ballot_choices"),
)


def targets(results):
    """Issue 10's targets, each (description, measured, passed)."""
    checks = []
    by_name = {result["name"]: result for result in results}
    csv_big = by_name.get("CSV, whole consultation")
    if csv_big:
        rows = csv_big["rows"]["ballot_choices"]
        checks.append((
            f"CSV of {rows:,} ballot-choice rows (≥ 1,000,000) in < {CSV_SECONDS} s",
            f"{csv_big['seconds']:.1f} s",
            rows >= 1_000_000 and csv_big["seconds"] < CSV_SECONDS,
        ))
        checks.append((
            f"CSV of {rows:,} ballot-choice rows in < {CSV_MEGABYTES} MB peak RSS",
            f"{csv_big['peak_mb']:.0f} MB",
            rows >= 1_000_000 and csv_big["peak_mb"] < CSV_MEGABYTES,
        ))
    xlsx = by_name.get("XLSX, consultation of comments only")
    if xlsx:
        rows = xlsx["rows"]["comments"]
        checks.append((
            f"XLSX of {rows:,} comments (≥ 20,000) in < {XLSX_SECONDS} s",
            f"{xlsx['seconds']:.2f} s",
            rows >= 20_000 and xlsx["seconds"] < XLSX_SECONDS,
        ))
    for fmt in ("csv", "xlsx", "json"):
        big = by_name.get(f"{fmt.upper()}, whole consultation")
        small = by_name.get(f"{fmt.upper()}, 10× smaller")
        if big and small:
            checks.append((
                f"{fmt.upper()}: the same queries at {small['rows']['ballot_choices']:,} and "
                f"{big['rows']['ballot_choices']:,} ballot-choice rows",
                f"{small['queries']} and {big['queries']}",
                small["queries"] == big["queries"],
            ))
    return checks


def markdown(results, checks, context):
    lines = [
        *report_header(context),
        f"Command: `{context['command']}`. Seeded: {context['seed']}.",
        "",
        "Each export runs alone in a fresh Python process (production settings): seconds of the export call, peak "
        "resident memory of the whole process (`ru_maxrss`, Django and the project loaded included; "
        "*before* is the same figure just before the export), SQL queries the export ran.",
        "",
        "| Export | Rows (table) | Total rows | Seconds | Python CPU s | Rows/s | Peak RSS (MB) | RSS before (MB) | Queries | Output | CPU idle before |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        total = sum(result["rows"].values())
        lines.append(
            f"| {result['name']} | {result['rows'][result['table']]:,} ({result['table']}) | {total:,} | "
            f"{result['seconds']:.2f} | {result['cpu_seconds']:.2f} | {total / result['seconds']:,.0f} | {result['peak_mb']:.0f} | "
            f"{result['rss_before_mb']:.0f} | {result['queries']} | {result['bytes'] / 1e6:.1f} MB | "
            f"{result['idle_before']:.0f} % |"
        )
    lines += verdict_table(checks)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def main():
    args = parse_args()
    if args.django_helper:
        django_helper(*args.django_helper)
        return
    started = time.monotonic()
    database_url, reused = bench_database(args.database_url, DATABASE_NAME, reuse=args.reuse_db)
    env = django_env(database_url)
    log(f"Base : {DATABASE_NAME} ({'réutilisée' if reused else 'neuve'})")
    log("migrate")  # also on a reused database: new migrations may have come since
    manage(env, "migrate", "--noinput")
    log(f"Données : {args.ballots:,} bulletins × {args.projects} projets, {args.comments:,} commentaires, "
        f"{args.proposals:,} propositions (ce qui manque seulement)")
    seed = helper(env, "seed", str(args.ballots), str(args.projects), str(args.comments), str(args.proposals))
    log(f"Données prêtes en {seed['seconds']} s : {seed['seeded'] or 'déjà là'} ({seed['steps']})")
    context = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "versions": versions(env, package="openpyxl"),
        "command": " ".join(["benchmarks/run_export.py", *sys.argv[1:]]),
        "seed": (
            f"`{BIG}` {args.ballots:,} ballots × {args.projects} projects, {args.comments:,} comments, "
            f"{args.proposals:,} proposals; `{SMALL}` a tenth of each; `{COMMENTS}` {args.comments:,} "
            "comments on 200 proposals and the consultation"
        ),
    }
    results = []
    with tempfile.TemporaryDirectory(prefix="export-bench-") as scratch:
        for position, (name, slug, fmt, table) in enumerate(MEASUREMENTS):
            if args.profile and args.profile != name:
                continue
            if args.only and args.only.lower() not in name.lower():
                continue
            output = Path(scratch) / f"{position}-{fmt}"
            output = output if fmt == "csv" else output.with_suffix(f".{fmt}")
            extra = ["profile"] if args.profile else []
            idle = wait_for_idle(args.wait_for_idle)
            result = helper(env, "export", slug, fmt, str(output), *extra, echo=bool(args.profile))
            result.update(name=name, table=table, idle_before=idle)
            results.append(result)
            log(
                f"{name} : {result['rows'][table]:,} lignes {table}, {sum(result['rows'].values()):,} en tout, "
                f"{result['seconds']:.2f} s (processeur {result['cpu_seconds']:.2f} s), pic {result['peak_mb']:.0f} Mo (avant {result['rss_before_mb']:.0f}), "
                f"{result['queries']} requêtes, processeur libre avant : {idle:.0f} %"
            )
    checks = targets(results)
    report = markdown(results, checks, context)
    print()
    print(report)
    for result in results:
        slowest = sorted(result["query_list"], reverse=True)[:3]
        print(f"Requêtes les plus lentes de « {result['name']} » ({result['queries']} en tout) :")
        for milliseconds, sql in slowest:
            print(f"    {milliseconds:8.1f} ms  {sql}")
    print_verdicts(checks)
    finish(report, args.results, started, checks)


if __name__ == "__main__":
    main()
