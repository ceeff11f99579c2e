#!/usr/bin/env python3
"""Synthesis benchmark: computing, digesting and freezing a consultation's synthesis on PostgreSQL,
then serving the frozen page under gunicorn, against the home page.

Steps: two databases of their own next to the one DATABASE_URL names (`portal_synthesis_bench`
seeded with `seed_demo --scale 100`, `portal_synthesis_bench_small` with `--scale 10`), a
SynthesisPage under the consultation with the most contributions (seed_demo only gives one to the
pool consultation and, officials only, to the budget vote); then, in a fresh process per database,
`figures.compute`, `digest.current_digest` and a whole `snapshots.freeze` for that consultation, the
budget vote and the pool consultation (best of 3 after a warm-up; queries counted on one more
call); then gunicorn with the production settings and wrk against the home page and the synthesis
pages, with the anonymous page cache off (what a page costs to build) and on (production), and the
SQL queries of one view of each page. Prints the figures and PASS or FAIL for each target.
See benchmarks/README.md.

Run it with the project's virtualenv: `.venv/bin/python benchmarks/run_synthesis.py`.
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

import harness
from harness import (
    LOCAL_DATABASE_URL, WORK, answer_helper, bench_database, ensure_wrk, finish, gunicorn, log,
    machine, manage, normalise_sql, p95_script, pop_p95, print_verdicts, report_header, request,
    run_wrk, sign_in, verdict_table, versions, wait_for_idle,
)

DATABASE_NAME = "portal_synthesis_bench"
BUDGET_SLUG = "budget-participatif-2027"
POOL_SLUG = "abords-piscine-ete-port-fluvial"
# The demo's elected official (demo/data/accounts.yaml): reads the officials-only synthesis.
OFFICIAL_EMAIL = "elue@demo.example"
OFFICIAL_PASSWORD = "demo-elue-sports-2026"

# The issue's targets.
COMPUTE_SECONDS = 5
# How much slower than the home page (median latency) a synthesis page may be.
LATENCY_MARGIN = 0.20


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "") or LOCAL_DATABASE_URL,
        help=f"PostgreSQL server to use; the benchmark creates its own databases {DATABASE_NAME} and "
        f"{DATABASE_NAME}_small there (default: $DATABASE_URL, else the local one of the README)",
    )
    parser.add_argument("--reuse-db", action="store_true",
                        help="keep the seeded databases of a previous run (migrated again, not reseeded)")
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--small-scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3, help="timed calls of each measurement (best kept)")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk target")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of unrecorded load first")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--skip-load", action="store_true", help="compute and freeze only, no gunicorn")
    parser.add_argument(
        "--wait-for-idle", type=int, default=120, metavar="SECONDS",
        help="before each measurement, wait up to this long for the CPU to be at least 80 %% idle",
    )
    parser.add_argument("--results", type=Path, help="also write the results as Markdown to this file")
    parser.add_argument("--django-helper", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- setup


def django_env(database_url, args, *, page_cache=True):
    return harness.django_env(
        database_url,
        secret_key="synthesis-benchmark-" + "x" * 40,  # not a real key
        conn_max_age=args.conn_max_age,
        media="synthesis-media",
        page_cache=page_cache,
    )


def helper(env, *task):
    """Run one of the Django-side tasks below in a fresh process; return its JSON result."""
    return harness.helper(__file__, env, *task, timeout=1800)


def prepared_database(base_url, name, scale, args):
    """(environment, seed seconds or None): the database migrated and seeded at `scale`."""
    url, reused = bench_database(base_url, name, reuse=args.reuse_db)
    env = django_env(url, args)
    log(f"Base : {name} ({'réutilisée' if reused else 'neuve'}) ; migrate")
    manage(env, "migrate", "--noinput")
    seconds = None
    if not helper(env, "seeded")["seeded"]:
        log(f"seed_demo --scale {scale} dans {name}")
        seconds = manage(env, "seed_demo", "--scale", str(scale))
        log(f"seed_demo --scale {scale} terminé en {seconds:.0f} s")
    return env, seconds


# --------------------------------------------------------------------------- Django side


def django_helper(task, *arguments):
    tasks = {
        "seeded": helper_seeded, "prepare": helper_prepare, "compute": helper_compute, "views": helper_views,
    }
    answer_helper(tasks, task, *arguments)


def helper_seeded():
    from consultations.models import ConsultationPage

    return {"seeded": ConsultationPage.objects.filter(slug=BUDGET_SLUG).exists()}


def _contributions():
    """Every live consultation with its contributions (proposals, comments, supports, ballots, as
    the officials' dashboard counts them), most first."""
    from consultations import participation
    from consultations.models import ConsultationPage

    consultations = list(ConsultationPage.objects.live().specific())
    figures = participation.participation(consultations)
    counted = []
    for consultation in consultations:
        f = figures[consultation.pk]
        counted.append((f.proposals + f.comments + f.supports + f.ballots, consultation, f))
    counted.sort(key=lambda row: (-row[0], row[1].pk))
    return counted


def _targets():
    """The consultation with the most contributions, the budget vote and the pool consultation."""
    counted = _contributions()
    by_slug = {consultation.slug: row for row in counted for consultation in [row[1]]}
    chosen = [("most contributions", counted[0])]
    chosen += [(label, by_slug[slug]) for label, slug in (("budget vote", BUDGET_SLUG), ("pool", POOL_SLUG))]
    return chosen


def helper_prepare():
    """A public SynthesisPage under the consultation with the most contributions (published, frozen),
    if it has none; the addresses of the synthesis pages served."""
    from consultations.models import SynthesisPage
    from consultations.synthesis import snapshots

    targets = []
    for label, (contributions, consultation, _figures) in _targets():
        page = SynthesisPage.objects.child_of(consultation).first()
        created = False
        if page is None:
            page = consultation.add_child(instance=SynthesisPage(
                title=f"Synthèse : {consultation.title}", slug="synthese",
                body=[("summary", "<p>Synthèse du banc d'essai : les chiffres seuls.</p>")],
            ))
            page.save_revision().publish()
            created = True
        page = SynthesisPage.objects.get(pk=page.pk)
        snapshots.freeze(page, consultation)
        targets.append({
            "label": label, "slug": consultation.slug, "title": consultation.title,
            "contributions": contributions, "path": page.get_url_parts()[2], "created": created,
            "closed": snapshots.is_closed(consultation), "officials_only": page.officials_only,
        })
    return targets


def _timed(function, repeat, *, counted=True):
    """(best seconds of `repeat` calls after a warm-up, queries of one more call, its slowest ones)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    spent = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append([round((time.perf_counter() - started) * 1000, 1), sql[:140]])

    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timed):
        function()
    return {
        "best": min(seconds), "runs": seconds, "queries": len(queries.captured_queries),
        "sql_ms": round(sum(ms for ms, _sql in spent), 1), "slowest": sorted(spent, reverse=True)[:3],
    }


def helper_compute(repeat):
    """figures.compute, digest.current_digest and a whole freeze of each target, timed."""
    from django.db import transaction

    from consultations.models import SynthesisPage, SynthesisSnapshot
    from consultations.synthesis import figures, snapshots
    from consultations.synthesis.digest import current_digest

    repeat = int(repeat)
    results = []
    for label, (contributions, consultation, counts) in _targets():
        # As in a running server: the URL configuration loaded, the sites' addresses cached.
        consultation.get_url()
        page = SynthesisPage.objects.child_of(consultation).first()

        def freeze():
            # A first freeze each time: the page's snapshots are removed, then put back (rollback).
            with transaction.atomic():
                SynthesisSnapshot.objects.filter(page=page).delete()
                snapshots.freeze(page, consultation)
                transaction.set_rollback(True)

        computed = figures.compute(consultation)
        results.append({
            "label": label, "slug": consultation.slug, "contributions": contributions,
            "counts": {name: getattr(counts, name) for name in ("participants", "proposals", "comments", "supports", "ballots")},
            "json_bytes": len(json.dumps(computed)),
            "compute": _timed(lambda: figures.compute(consultation), repeat),
            "digest": _timed(lambda: current_digest(consultation), repeat),
            "freeze": _timed(freeze, repeat) if page else None,
        })
    return results


def helper_views(page_cache_seconds):
    """SQL queries of one view of each page (Django test client, production settings): the first
    one after the process's memory is emptied, then a second one, warm."""
    from collections import Counter

    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from consultations.models import User

    official = User.objects.get(email=OFFICIAL_EMAIL)
    pages = [("Home page", None, "/")]
    for target in helper_prepare():
        user = official if target["officials_only"] else None
        if user:
            pages.append(("Home page, official signed in", official, "/"))
        pages.append((_target_name(target) + (", official signed in" if user else ""), user, target["path"]))
    results = []
    with override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=int(page_cache_seconds)):
        for name, user, path in pages:
            for memo in ("memo", "pages"):
                caches[memo].clear()  # this process's memory only (freshness.memory)
            client = Client(HTTP_HOST="127.0.0.1")
            if user:
                client.force_login(user)
            for state in ("first view", "warm"):
                spent = []

                def timed(execute, sql, params, many, context, spent=spent):
                    started = time.perf_counter()
                    try:
                        return execute(sql, params, many, context)
                    finally:
                        spent.append((time.perf_counter() - started) * 1000)

                with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timed):
                    started = time.perf_counter()
                    response = client.get(path)
                    elapsed = (time.perf_counter() - started) * 1000
                repeated = Counter(
                    normalise_sql(query["sql"], width=140) for query in queries.captured_queries
                )
                results.append({
                    "name": name, "state": state, "status": response.status_code, "bytes": len(response.content),
                    "queries": len(queries.captured_queries), "sql_ms": round(sum(spent), 1),
                    "slowest_ms": round(max(spent, default=0), 1), "total_ms": round(elapsed, 1),
                    "top": [[count, sql] for sql, count in repeated.most_common(3)],
                })
    return results


def _target_name(target):
    frozen = "frozen" if target["closed"] else "open consultation, provisional figures"
    return f"Synthesis, {target['label']} ({frozen})"


# --------------------------------------------------------------------------- load


def load(wrk, env, args, targets, *, page_cache):
    """wrk against the home page and each synthesis page; returns [result]."""
    script = p95_script("synthesis")
    results = []
    name = "synthesis-gunicorn" + ("" if page_cache else "-nocache")
    with gunicorn(env, args, name=name):
        official = None
        pages = [("Home page", "/", None)]
        for target in targets:
            if target["officials_only"]:
                official = official or sign_in(args.port, OFFICIAL_EMAIL, OFFICIAL_PASSWORD)
                pages.append(("Home page, official signed in", "/", official))
                pages.append((_target_name(target) + ", official signed in", target["path"], official))
            else:
                pages.append((_target_name(target), target["path"], None))
        for page_name, path, cookies in pages:
            status, _set, _text, _location = request(args.port, "GET", path, cookies=cookies)
            if status != 200:
                sys.exit(f"{page_name} : réponse {status} pour {path}")
            cookie = "; ".join(f"{key}={value}" for key, value in cookies.items()) if cookies else None
            idle = wait_for_idle(args.wait_for_idle)
            run_wrk(wrk, args, path, seconds=args.warmup, cookie=cookie, script=script)
            result = run_wrk(wrk, args, path, seconds=args.duration, cookie=cookie, script=script)
            result.update(name=page_name, path=path, idle_before=idle, page_cache=page_cache,
                          p95=pop_p95(result))
            results.append(result)
            log(f"{page_name} (cache {'on' if page_cache else 'off'}) : {result['rps']:.1f} req/s, "
                f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms, "
                f"erreurs {result['non_2xx_3xx']}, processeur libre avant : {idle:.0f} %")
    return results


# --------------------------------------------------------------------------- report


def checks(big, small, loads, args):
    """The issue's targets, each (description, measured, passed)."""
    found = []
    top = big[0]
    found.append((
        f"figures.compute of the consultation with the most contributions (`{top['slug']}`, "
        f"{top['contributions']:,} contributions, --scale {args.scale}) in < {COMPUTE_SECONDS} s",
        f"{top['compute']['best']:.2f} s", top["compute"]["best"] < COMPUTE_SECONDS,
    ))
    small_by_slug = {row["slug"]: row for row in small}
    for row in big:
        other = small_by_slug.get(row["slug"])
        if other is None:
            continue
        for what in ("compute", "freeze"):
            if not row[what] or not other[what]:
                continue
            found.append((
                f"{what}: the same queries for `{row['slug']}` at --scale {args.small_scale} "
                f"({other['contributions']:,} contributions) and --scale {args.scale} ({row['contributions']:,})",
                f"{other[what]['queries']} and {row[what]['queries']}",
                other[what]["queries"] == row[what]["queries"],
            ))
    for page_cache in (False, True):
        rows = [row for row in loads if row["page_cache"] is page_cache]
        for row in rows:
            if not row["name"].startswith("Synthesis"):
                continue
            home_name = "Home page, official signed in" if "signed in" in row["name"] else "Home page"
            home = next(other for other in rows if other["name"] == home_name)
            limit = home["p50"] * (1 + LATENCY_MARGIN)
            found.append((
                f"{row['name']}, page cache {'on' if page_cache else 'off'}: median latency at most "
                f"{LATENCY_MARGIN:.0%} above the {home_name.lower()}'s ({home['p50']:.1f} ms → ≤ {limit:.1f} ms)",
                f"{row['p50']:.1f} ms ({row['p50'] / home['p50']:.2f}×)", row["p50"] <= limit,
            ))
    return found


def _query_lines(row):
    return f"{row['queries']} ({row['sql_ms']:.0f} ms of SQL)"


def markdown(big, small, loads, views, found, context):
    lines = [
        *report_header(context),
        f"Command: `{context['command']}`. {context['seed']}",
        "",
        f"Compute, digest and freeze: best of {context['repeat']} calls after a warm-up, in a fresh process "
        "(production settings, the URL configuration loaded); queries counted on one more call "
        "(`CaptureQueriesContext`). *Freeze* is `snapshots.freeze` on a page with no snapshot yet "
        "(figures, digest of the open data, one row), rolled back each time.",
        "",
        "| Database | Consultation | Contributions | Compute (s) | Queries | Digest (s) | Queries | Freeze (s) | Queries | Figures (JSON bytes) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale, rows in ((context["scale"], big), (context["small_scale"], small)):
        for row in rows:
            freeze = row["freeze"] or {"best": float("nan"), "queries": "–", "sql_ms": 0}
            lines.append(
                f"| --scale {scale} | {row['label']} (`{row['slug']}`) | {row['contributions']:,} | "
                f"{row['compute']['best']:.2f} | {_query_lines(row['compute'])} | {row['digest']['best']:.2f} | "
                f"{_query_lines(row['digest'])} | {freeze['best']:.2f} | {freeze['queries']} | {row['json_bytes']:,} |"
            )
    if loads:
        lines += [
            "",
            f"Serving: gunicorn {context['workers']} sync workers, production settings, "
            f"DATABASE_CONN_MAX_AGE={context['conn_max_age']}; wrk {context['threads']} threads, "
            f"{context['connections']} connections, {context['duration']} s per page after {context['warmup']} s "
            "of warm-up, on 127.0.0.1; the anonymous page cache off (`ANONYMOUS_PAGE_CACHE_SECONDS=0`: every "
            "request builds the page) then on (production default, 60 s).",
            "",
            "| Page | Page cache | Requests/s | p50 (ms) | p95 (ms) | p99 (ms) | vs. home (p50) | Errors | CPU idle before |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in loads:
            home_name = "Home page, official signed in" if "signed in" in row["name"] else "Home page"
            home = next(other for other in loads if other["name"] == home_name and other["page_cache"] is row["page_cache"])
            lines.append(
                f"| {row['name']} | {'on' if row['page_cache'] else 'off'} | {row['rps']:.1f} | {row['p50']:.1f} | "
                f"{row['p95']:.1f} | {row['p99']:.1f} | {row['p50'] / home['p50']:.2f} | {row['non_2xx_3xx']} | "
                f"{row['idle_before']:.0f} % |"
            )
    lines += [
        "",
        "SQL per view (Django test client in the same settings, page cache off; *first view* right after "
        "the process's memory is emptied, *warm* the next one):",
        "",
        "| Page | View | Status | Queries | SQL (ms) | Slowest query (ms) | Whole request (ms) | Most repeated query |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in views:
        count, sql = row["top"][0] if row["top"] else (0, "")
        sql = sql.replace("|", "\\|")
        lines.append(
            f"| {row['name']} | {row['state']} | {row['status']} | {row['queries']} | {row['sql_ms']} | "
            f"{row['slowest_ms']} | {row['total_ms']} | {count}× `{sql}` |"
        )
    lines += verdict_table(found)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def main():
    args = parse_args()
    if args.django_helper:
        django_helper(*args.django_helper)
        return
    started = time.monotonic()
    WORK.mkdir(exist_ok=True)
    wrk = None if args.skip_load else ensure_wrk()
    env, big_seed = prepared_database(args.database_url, DATABASE_NAME, args.scale, args)
    small_env, small_seed = prepared_database(args.database_url, f"{DATABASE_NAME}_small", args.small_scale, args)
    log("Pages de synthèse servies (créée sous la consultation la plus fournie au besoin, figée)")
    targets = helper(env, "prepare")
    helper(small_env, "prepare")
    for target in targets:
        log(f"  {target['label']} : {target['slug']}, {target['contributions']:,} contributions, {target['path']}"
            f"{' (créée)' if target['created'] else ''}{' (réservée aux élus)' if target['officials_only'] else ''}"
            f"{'' if target['closed'] else ' — consultation ouverte : chiffres provisoires à la vue'}")
    results = {}
    for name, database_env in (("big", env), ("small", small_env)):
        idle = wait_for_idle(args.wait_for_idle)
        log(f"Calcul, empreinte et gel ({name}), processeur libre avant : {idle:.0f} %")
        results[name] = helper(database_env, "compute", str(args.repeat))
        for row in results[name]:
            freeze = row["freeze"]
            log(f"  {row['slug']} ({row['contributions']:,} contributions) : compute {row['compute']['best']:.2f} s "
                f"({row['compute']['queries']} requêtes), empreinte {row['digest']['best']:.2f} s "
                f"({row['digest']['queries']} requêtes), gel {freeze['best']:.2f} s ({freeze['queries']} requêtes)")
    loads = []
    # The production storage's manifest: pages name their static files through it.
    manage(env, "collectstatic", "--noinput", "-v", "0")
    if not args.skip_load:
        for page_cache in (False, True):
            loads += load(wrk, django_env(env["DATABASE_URL"], args, page_cache=page_cache), args, targets,
                          page_cache=page_cache)
    log("Requêtes SQL par vue")
    views = helper(env, "views", "0")
    found = checks(results["big"], results["small"], loads, args)
    seeds = ", ".join(
        f"`seed_demo --scale {scale}` took {seconds:.0f} s" for scale, seconds in
        ((args.scale, big_seed), (args.small_scale, small_seed)) if seconds is not None
    )
    context = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(), "versions": versions(env, package="gunicorn"),
        "command": " ".join(["benchmarks/run_synthesis.py", *sys.argv[1:]]),
        "seed": (f"Databases seeded with `seed_demo --scale {args.scale}` and `--scale {args.small_scale}`"
                 + (f" ({seeds})." if seeds else " (reused).")),
        **{name: getattr(args, name) for name in (
            "scale", "small_scale", "repeat", "workers", "threads", "connections", "duration", "warmup", "conn_max_age",
        )},
    }
    report = markdown(results["big"], results["small"], loads, views, found, context)
    print()
    print(report)
    for scale, rows in ((args.scale, results["big"]), (args.small_scale, results["small"])):
        for row in rows:
            for what in ("compute", "digest"):
                print(f"Requêtes les plus lentes, {what} de {row['slug']} (--scale {scale}) :")
                for milliseconds, sql in row[what]["slowest"]:
                    print(f"    {milliseconds:8.1f} ms  {sql}")
    print_verdicts(found)
    finish(report, args.results, started, found)


if __name__ == "__main__":
    main()
