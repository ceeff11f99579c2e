#!/usr/bin/env python3
"""Participatory financing benchmark on PostgreSQL: the anonymous campaign page against the bare
Wagtail home page, then 1,000 pledges spread over 20 campaigns by 8 concurrent clients, checked for
lost, double-counted or oversold pledges and for the matching envelope.

Steps: a database of its own next to the one DATABASE_URL names (`<name>_financing_bench`),
migrate, `seed_demo` (the demo's campaigns, its matching envelope on the main site), collectstatic;
a project fresh from `wagtail start` on `<name>_bare` served the same way (run_load.py's baseline);
gunicorn with the production settings and wrk against the bare home page and the demo's rewards
campaign, anonymous (page cache on, the production default, then off); the SQL queries of one view
of the campaign page; then 20 campaigns and 200 backers made for the load, and 8 client processes
that pledge through the services (`pledge`, then the dummy provider's authorisation or refusal,
which the pledge follows as it does on the provider's return) and, in a second phase, cancel some.
Prints requests/s, latency percentiles, and PASS or FAIL for each check. See benchmarks/README.md.

Run it with the project's virtualenv: `.venv/bin/python benchmarks/run_financing.py`.
"""

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import harness
from harness import (
    LOCAL_DATABASE_URL, ROOT, WORK, answer_helper, bare_wagtail, base_name, bench_database,
    ensure_wrk, finish, gunicorn, gunicorn_bare, helper_command, helper_result, log, machine,
    manage, normalise_sql, p95_script, pop_p95, report_header, request, run_wrk, verdict_table,
    versions, wait_for_idle,
)

# The demo's rewards campaign on the main site (demo/data/financing.yaml): tiers, budget, backers.
CAMPAIGN_PATH = "/financement/fresque-centre-aquatique/"
BENCH_SLUG = "banc-essai-"
# What the site's envelope still has for the load's matching: less than the campaigns ask for, so
# that it runs out while pledges arrive together.
ENVELOPE_LEFT_CENTS = 2_000_00


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", "") or LOCAL_DATABASE_URL,
        help="PostgreSQL server to use; the benchmark creates <name>_financing_bench and <name>_bare there "
        "(the database named itself is never touched)",
    )
    parser.add_argument("--reuse-db", action="store_true", help="keep the seeded database of a previous run")
    parser.add_argument("--port", type=int, default=8769)
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk target")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--pledges", type=int, default=1000)
    parser.add_argument("--campaigns", type=int, default=20)
    parser.add_argument("--clients", type=int, default=8, help="concurrent client processes")
    parser.add_argument("--skip-pages", action="store_true", help="pledges only, no gunicorn")
    parser.add_argument("--skip-pledges", action="store_true", help="pages only")
    parser.add_argument("--wait-for-idle", type=int, default=120, metavar="SECONDS")
    parser.add_argument("--results", type=Path, help="also write the results as Markdown to this file")
    parser.add_argument("--django-helper", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def django_env(database_url, args, *, page_cache=True):
    return harness.django_env(
        database_url,
        secret_key="financing-benchmark-" + "x" * 40,  # not a real key
        conn_max_age=args.conn_max_age,
        media="financing-media",
        page_cache=page_cache,
    )


def helper(env, *task):
    return harness.helper(__file__, env, *task, timeout=1800)


def clients(env, task, count, *arguments):
    """`count` helper processes at once, each told its number and when to start; their results."""
    start_at = time.time() + 3  # every process has loaded Django by then
    processes = [
        subprocess.Popen(
            helper_command(__file__, task, str(number), str(count), f"{start_at:.3f}", *arguments),
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for number in range(count)
    ]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=1800)
        results.append(helper_result(stdout, stderr, (task,)))
    return start_at, results


# --------------------------------------------------------------------------- Django side


def django_helper(task, *arguments):
    tasks = {
        "seeded": helper_seeded, "views": helper_views, "prepare": helper_prepare, "pledge": helper_pledge,
        "cancel": helper_cancel, "check": helper_check,
    }
    answer_helper(tasks, task, *arguments)


def helper_seeded():
    from financing.models import CampaignPage

    return {"seeded": CampaignPage.objects.filter(slug=CAMPAIGN_PATH.strip("/").split("/")[-1]).exists()}


def helper_views():
    """SQL queries of one anonymous view of the campaign page and the home page (Django test client,
    production settings), page cache off and on: the first after the process's memory is emptied,
    then a warm one."""
    from collections import Counter

    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    results = []
    for seconds in (0, 60):
        with override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=seconds):
            for name, path in (("Portal home page", "/"), ("Campaign page", CAMPAIGN_PATH)):
                for memo in ("memo", "pages"):
                    caches[memo].clear()
                client = Client(HTTP_HOST="127.0.0.1")
                for state in ("first view", "warm"):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(path)
                        elapsed = (time.perf_counter() - started) * 1000
                    repeated = Counter(
                        normalise_sql(query["sql"], width=140) for query in queries.captured_queries
                    )
                    results.append({
                        "name": name, "page_cache": bool(seconds), "state": state, "status": response.status_code,
                        "bytes": len(response.content), "queries": len(queries.captured_queries),
                        "total_ms": round(elapsed, 1), "top": [[n, sql] for sql, n in repeated.most_common(2)],
                    })
    return results


def helper_prepare(campaign_count, backer_count):
    """The load's campaigns under the main site's campaign index (made again at each run), its
    backers, and the envelope left with ENVELOPE_LEFT_CENTS. Returns the plan of the load."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from wagtail.models import Site

    from consultations.models import User
    from financing.models import CampaignIndexPage, CampaignPage, MatchingEnvelope, Payment, Pledge, RewardTier

    site = Site.objects.get(is_default_site=True)
    index = CampaignIndexPage.objects.child_of(site.root_page).get()
    old = CampaignPage.objects.child_of(index).filter(slug__startswith=BENCH_SLUG)
    old_pledges = Pledge.objects.filter(campaign__in=old)
    Payment.objects.filter(pledge__in=old_pledges).delete()
    old_pledges.delete()
    for page in old:
        page.delete()
    password = make_password("banc-essai-2026")
    existing = set(User.objects.filter(email__startswith="banc-essai-").values_list("email", flat=True))
    User.objects.bulk_create([
        User(email=f"banc-essai-{n}@bench.example", password=password,
             display_name=f"Soutien {n}")
        for n in range(int(backer_count)) if f"banc-essai-{n}@bench.example" not in existing
    ])
    campaigns = []
    deadline = timezone.now() + timedelta(days=30)
    for n in range(int(campaign_count)):
        # A third donations matched 1 € for every 2 € (cap 300 €), a third rewards with limited
        # tiers, a third rewards with limited tiers and matched too.
        kind = n % 3
        matched = kind != 1
        page = index.add_child(instance=CampaignPage(
            title=f"Banc d'essai {n + 1}", slug=f"{BENCH_SLUG}{n + 1}", holder_name="Association du banc",
            holder_kind="association", contact_email="banc@bench.example", summary="Une campagne du banc d'essai.",
            category="donation" if kind == 0 else "rewards", goal_cents=500_000, deadline=deadline,
            matching_amount=1 if matched else 0, matching_per=2, matching_cap_cents=30_000 if matched else None,
        ))
        tiers = []
        if kind:
            for order, (amount, quantity) in enumerate([(1000, None), (2500, 6), (5000, 3)]):
                tier = RewardTier.objects.create(
                    campaign=page, title=f"Contrepartie {order + 1}", description="Une affiche du projet.",
                    amount_cents=amount, quantity=quantity, sort_order=order,
                )
                tiers.append({"pk": tier.pk, "amount": amount, "quantity": quantity})
        campaigns.append({"pk": page.pk, "tiers": tiers})
    envelope = MatchingEnvelope.objects.get(site=site, year=timezone.localdate().year)
    envelope.amount_cents = envelope.used_cents + ENVELOPE_LEFT_CENTS
    envelope.save(update_fields=["amount_cents"])
    backers = list(User.objects.filter(email__startswith="banc-essai-").order_by("pk").values_list("pk", flat=True))
    return {"campaigns": campaigns, "backers": backers, "envelope_used_before": envelope.used_cents}


def _wait_until(start_at):
    time.sleep(max(0.0, float(start_at) - time.time()))


def helper_pledge(number, count, start_at, plan_path, total):
    """One client: its share of the pledges, each made and paid (or refused by the provider) in
    turn, as a backer does it; returns what it saw of each."""
    import uuid

    from django.core.exceptions import PermissionDenied, ValidationError
    from payments import PaymentStatus

    from consultations.models import User
    from financing.models import CampaignPage, RewardTier
    from financing.services.pledges import pledge

    plan = json.loads(Path(plan_path).read_text())
    number, count, total = int(number), int(count), int(total)
    rng = random.Random(1000 + number)
    campaigns = {page.pk: page for page in CampaignPage.objects.filter(pk__in=[c["pk"] for c in plan["campaigns"]])}
    tiers = {tier.pk: tier for tier in RewardTier.objects.filter(campaign__in=campaigns)}
    users = {user.pk: user for user in User.objects.filter(pk__in=plan["backers"])}
    mine = range(number, total, count)
    jobs = []
    for _ in mine:
        spec = rng.choice(plan["campaigns"])
        tier = rng.choice(spec["tiers"] + [None]) if spec["tiers"] else None
        amount = max(tier["amount"] if tier else 500, rng.choice([500, 1000, 2000, 2500, 5000, 7500, 10_000]))
        jobs.append((spec["pk"], tier and tier["pk"], amount, rng.choice(plan["backers"]), rng.random() < 0.05))
    seen = []
    _wait_until(start_at)
    for campaign_pk, tier_pk, amount, backer_pk, refused in jobs:
        started = time.perf_counter()
        outcome, pk = "authorised", None
        try:
            made = pledge(campaigns[campaign_pk], users[backer_pk], amount_cents=amount,
                          tier=tiers.get(tier_pk), token=uuid.uuid4())
            pk = made.pk
            made.payments.get().change_status(PaymentStatus.REJECTED if refused else PaymentStatus.PREAUTH)
            outcome = "failed" if refused else "authorised"
        except ValidationError as error:
            outcome = f"refused: {error.code}"
        except PermissionDenied as error:
            outcome = f"denied: {error}"
        seen.append({"pk": pk, "outcome": outcome, "ms": (time.perf_counter() - started) * 1000, "amount": amount})
    return {"pledges": seen, "ended": time.time()}


def helper_cancel(number, count, start_at, pks_path):
    """One client cancels its share of the given pledges, each by its backer."""
    from financing.models import Pledge
    from financing.services.pledges import cancel_pledge

    pks = json.loads(Path(pks_path).read_text())[int(number)::int(count)]
    pledges = list(Pledge.objects.filter(pk__in=pks).select_related("backer", "campaign"))
    seen = []
    _wait_until(start_at)
    for found in pledges:
        started = time.perf_counter()
        cancel_pledge(found, found.backer)
        seen.append({"pk": found.pk, "ms": (time.perf_counter() - started) * 1000})
    return {"cancelled": seen, "ended": time.time()}


def helper_check(plan_path, results_path):
    """Every check of the load, from the database against what the clients saw."""
    from django.db.models import Count, Sum
    from django.utils import timezone
    from wagtail.models import Site

    from financing.models import CampaignPage, CampaignTally, MatchingEnvelope, Pledge

    plan = json.loads(Path(plan_path).read_text())
    seen = json.loads(Path(results_path).read_text())
    campaigns = {page.pk: page for page in CampaignPage.objects.filter(pk__in=[c["pk"] for c in plan["campaigns"]])}
    pledges = Pledge.objects.filter(campaign__in=campaigns)
    counted = pledges.filter(status__in=Pledge.COUNTED)
    expected_counted = {row["pk"] for row in seen["pledges"] if row["outcome"] == "authorised"} - set(seen["cancelled"])
    found = {}

    # None lost, none counted twice: what the clients were told is what the database holds.
    found["accepted = counted"] = (
        set(counted.values_list("pk", flat=True)) == expected_counted,
        f"{len(expected_counted)} accepted and not cancelled, {counted.count()} counted",
    )
    failed = {row["pk"] for row in seen["pledges"] if row["outcome"] == "failed"}
    found["refused payments count nothing"] = (
        set(pledges.filter(status=Pledge.Status.FAILED).values_list("pk", flat=True)) == failed,
        f"{len(failed)} refused by the provider",
    )
    found["cancelled pledges count nothing"] = (
        set(pledges.filter(status=Pledge.Status.CANCELLED).values_list("pk", flat=True)) == set(seen["cancelled"]),
        f"{len(seen['cancelled'])} cancelled",
    )
    mismatched = []
    for pk, page in campaigns.items():
        tally = CampaignTally.objects.filter(campaign=page).first()
        mine = counted.filter(campaign=page)
        sums = mine.aggregate(pledged=Sum("amount_cents"), matched=Sum("matched_cents"),
                              backers=Count("backer", distinct=True))
        actual = (tally.pledged_cents, tally.matched_cents, tally.backers) if tally else (0, 0, 0)
        if actual != (sums["pledged"] or 0, sums["matched"] or 0, sums["backers"]):
            mismatched.append((pk, actual, sums))
    found["tallies = sum of counted pledges"] = (
        not mismatched, f"{len(campaigns) - len(mismatched)} of {len(campaigns)} campaigns agree {mismatched[:3]}",
    )

    oversold, sold_out = [], 0
    for spec in plan["campaigns"]:
        for tier in spec["tiers"]:
            if tier["quantity"] is None:
                continue
            # Cancellations come after the pledges: until then, every pledge on the tier but those
            # whose payment was refused (which gave the reward back at once) held it.
            held = pledges.filter(tier_id=tier["pk"]).exclude(status=Pledge.Status.FAILED).count()
            if held > tier["quantity"]:
                oversold.append((tier["pk"], held, tier["quantity"]))
            sold_out += held == tier["quantity"]
    refusals = sum(row["outcome"] == "refused: sold_out" for row in seen["pledges"])
    found["no reward oversold"] = (
        not oversold, f"{sold_out} limited tiers sold out, {refusals} pledges refused « sold out » {oversold[:3]}",
    )

    site = Site.objects.get(is_default_site=True)
    envelope = MatchingEnvelope.objects.get(site=site, year=timezone.localdate().year)
    matched = counted.aggregate(total=Sum("matched_cents"))["total"] or 0
    used = envelope.used_cents - plan["envelope_used_before"]
    found["envelope never exceeded"] = (
        envelope.used_cents <= envelope.amount_cents and used == matched,
        f"{used / 100:.2f} € used by the load of {ENVELOPE_LEFT_CENTS / 100:.2f} € left; "
        f"{envelope.used_cents / 100:.2f} of {envelope.amount_cents / 100:.2f} € in all",
    )
    over = []
    short = 0
    for pledge_row in counted.select_related("campaign"):
        full = pledge_row.campaign.matched_for(pledge_row.amount_cents)
        if pledge_row.matched_cents > full:
            over.append(pledge_row.pk)
        short += pledge_row.matched_cents < full
    over_cap = [
        pk for pk, page in campaigns.items()
        if page.matching_cap_cents is not None
        and (counted.filter(campaign=page).aggregate(total=Sum("matched_cents"))["total"] or 0) > page.matching_cap_cents
    ]
    unmatched = counted.filter(campaign__matching_amount=0, matched_cents__gt=0).count()
    found["matching exact"] = (
        not over and not over_cap and not unmatched,
        f"{matched / 100:.2f} € matched in all; no pledge above its ratio ({len(over)}), no campaign above its cap "
        f"({len(over_cap)}), nothing on unmatched campaigns ({unmatched}); {short} pledges cut by a cap or the envelope",
    )
    return {name: [passed, detail] for name, (passed, detail) in found.items()}


# --------------------------------------------------------------------------- pages


def load_pages(wrk, env, args, bare_project, bare_env):
    script = p95_script("financing")
    results = []

    def measure(name, port, path, page_cache):
        status, _set, _text, _location = request(port, "GET", path)
        if status != 200:
            sys.exit(f"{name} : réponse {status} pour {path}")
        target = argparse.Namespace(**{**vars(args), "port": port})
        idle = wait_for_idle(args.wait_for_idle)
        run_wrk(wrk, target, path, seconds=args.warmup, script=script)
        result = run_wrk(wrk, target, path, seconds=args.duration, script=script)
        result.update(name=name, page_cache=page_cache, idle_before=idle, p95=pop_p95(result))
        results.append(result)
        log(f"{name} : {result['rps']:.1f} req/s, p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, "
            f"p99 {result['p99']:.1f} ms, erreurs {result['non_2xx_3xx']}")

    with gunicorn_bare(bare_project, bare_env, args):
        measure("Bare Wagtail 8 home page (baseline)", args.port + 1, "/", None)
    for page_cache in (True, False):
        with gunicorn(django_env(env["DATABASE_URL"], args, page_cache=page_cache), args,
                      name="financing-gunicorn" + ("" if page_cache else "-nocache")):
            label = "page cache on" if page_cache else "page cache off"
            measure(f"Portal home page, {label}", args.port, "/", page_cache)
            measure(f"Campaign page, anonymous, {label}", args.port, CAMPAIGN_PATH, page_cache)
    return results


# --------------------------------------------------------------------------- pledges


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(share / 100 * (len(ordered) - 1))))]


def load_pledges(env, args):
    log(f"{args.campaigns} campagnes et 200 soutiens pour la charge")
    plan = helper(env, "prepare", str(args.campaigns), "200")
    plan_path = WORK / "financing-plan.json"
    plan_path.write_text(json.dumps(plan))
    idle = wait_for_idle(args.wait_for_idle)
    log(f"{args.pledges} contributions par {args.clients} clients simultanés (processeur libre : {idle:.0f} %)")
    start_at, results = clients(env, "pledge", args.clients, str(plan_path), str(args.pledges))
    rows = [row for result in results for row in result["pledges"]]
    seconds = max(result["ended"] for result in results) - start_at
    authorised = [row for row in rows if row["outcome"] == "authorised"]
    rng = random.Random(7)
    to_cancel = sorted(rng.sample([row["pk"] for row in authorised], len(authorised) // 10))
    cancel_path = WORK / "financing-cancel.json"
    cancel_path.write_text(json.dumps(to_cancel))
    log(f"Annulation de {len(to_cancel)} contributions par {args.clients} clients")
    cancel_start, cancelled = clients(env, "cancel", args.clients, str(cancel_path))
    cancel_rows = [row for result in cancelled for row in result["cancelled"]]
    cancel_seconds = max(result["ended"] for result in cancelled) - cancel_start
    results_path = WORK / "financing-seen.json"
    results_path.write_text(json.dumps({"pledges": rows, "cancelled": [row["pk"] for row in cancel_rows]}))
    checks = helper(env, "check", str(plan_path), str(results_path))
    outcomes = {}
    for row in rows:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
    latencies = [row["ms"] for row in rows]
    cancel_latencies = [row["ms"] for row in cancel_rows]
    return {
        "pledges": len(rows), "seconds": seconds, "outcomes": outcomes, "idle_before": idle,
        "p50": percentile(latencies, 50), "p95": percentile(latencies, 95), "p99": percentile(latencies, 99),
        "max": max(latencies), "cancelled": len(cancel_rows), "cancel_seconds": cancel_seconds,
        "cancel_p50": percentile(cancel_latencies, 50), "cancel_p95": percentile(cancel_latencies, 95),
        "cancel_p99": percentile(cancel_latencies, 99), "checks": checks,
    }


# --------------------------------------------------------------------------- report


def markdown(pages, views, pledges, context, args):
    lines = [*report_header(context), f"Command: `{context['command']}`.", ""]
    verdicts = []
    if pages:
        baseline = pages[0]
        lines += [
            f"Serving: gunicorn {args.workers} sync workers, production settings, DATABASE_CONN_MAX_AGE="
            f"{args.conn_max_age}; wrk {args.threads} threads, {args.connections} connections, {args.duration} s "
            f"per page after {args.warmup} s of warm-up, on 127.0.0.1. The baseline is a project fresh from "
            "`wagtail start` on its own database, served the same way (run_load.py's). The campaign page is the "
            f"demo's rewards campaign `{CAMPAIGN_PATH}` (3 reward tiers, a budget table, backers, matching).",
            "",
            "| Page | Requests/s | p50 (ms) | p95 (ms) | p99 (ms) | vs. bare Wagtail (req/s) | Errors | CPU idle before |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in pages:
            lines.append(
                f"| {row['name']} | {row['rps']:.1f} | {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} | "
                f"{row['rps'] / baseline['rps']:.2f} | {row['non_2xx_3xx']} | {row['idle_before']:.0f} % |"
            )
        for row in pages:
            if row["name"].startswith("Campaign page") and row["page_cache"]:
                verdicts.append((
                    f"anonymous campaign page at least as fast as the bare Wagtail home page "
                    f"({baseline['rps']:.1f} req/s, p50 {baseline['p50']:.1f} ms)",
                    f"{row['rps']:.1f} req/s, p50 {row['p50']:.1f} ms", row["rps"] >= baseline["rps"],
                ))
    if views:
        lines += ["", "SQL per anonymous view (Django test client, production settings; *first view* right after "
                  "the process's memory is emptied, *warm* the next):", "",
                  "| Page | Page cache | View | Status | Bytes | Queries | Whole request (ms) | Most repeated query |",
                  "|---|---|---|---:|---:|---:|---:|---|"]
        for row in views:
            count, sql = row["top"][0] if row["top"] else (0, "")
            lines.append(
                f"| {row['name']} | {'on' if row['page_cache'] else 'off'} | {row['state']} | {row['status']} | "
                f"{row['bytes']:,} | {row['queries']} | {row['total_ms']} | {count}× `{sql.replace('|', '/')}` |"
            )
    if pledges:
        outcomes = ", ".join(f"{count} {name}" for name, count in sorted(pledges["outcomes"].items()))
        lines += [
            "",
            f"Pledges: {pledges['pledges']} over {args.campaigns} campaigns by {args.clients} client processes at "
            "once, each pledge made through `financing.services.pledges.pledge` then authorised (5 % refused) by "
            "the dummy provider's `change_status`, which the pledge follows as on the provider's return; then a "
            f"tenth of the authorised ones cancelled by {args.clients} clients at once. Outcomes: {outcomes}.",
            "",
            "| Phase | Operations | Seconds | Operations/s | p50 (ms) | p95 (ms) | p99 (ms) |",
            "|---|---:|---:|---:|---:|---:|---:|",
            f"| pledge + payment | {pledges['pledges']} | {pledges['seconds']:.1f} | "
            f"{pledges['pledges'] / pledges['seconds']:.1f} | {pledges['p50']:.1f} | {pledges['p95']:.1f} | "
            f"{pledges['p99']:.1f} |",
            f"| cancel | {pledges['cancelled']} | {pledges['cancel_seconds']:.1f} | "
            f"{pledges['cancelled'] / max(pledges['cancel_seconds'], 0.001):.1f} | {pledges['cancel_p50']:.1f} | "
            f"{pledges['cancel_p95']:.1f} | {pledges['cancel_p99']:.1f} |",
        ]
        for name, (passed, detail) in pledges["checks"].items():
            verdicts.append((name, detail, passed))
    lines += verdict_table(verdicts, heading="Check")
    return "\n".join(lines) + "\n", verdicts


# --------------------------------------------------------------------------- main


def main():
    args = parse_args()
    if args.django_helper:
        django_helper(*args.django_helper)
        return
    started = time.monotonic()
    WORK.mkdir(exist_ok=True)
    wrk = None if args.skip_pages else ensure_wrk()
    url, reused = bench_database(
        args.database_url, f"{base_name(args.database_url)}_financing_bench", reuse=args.reuse_db
    )
    env = django_env(url, args)
    log(f"Base : {urllib.parse.urlsplit(url).path} ({'réutilisée' if reused else 'neuve'}) ; migrate")
    manage(env, "migrate", "--noinput")
    if not helper(env, "seeded")["seeded"]:
        log("seed_demo")
        manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    pages, views, pledges = [], [], None
    if not args.skip_pages:
        log("Wagtail nu (wagtail start) : la référence")
        bare_project, bare_env = bare_wagtail(args.database_url, args)
        pages = load_pages(wrk, env, args, bare_project, bare_env)
        log("Requêtes SQL par vue")
        views = helper(env, "views")
    if not args.skip_pledges:
        pledges = load_pledges(env, args)
    context = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(), "versions": versions(env, package="gunicorn"),
        "command": " ".join(["benchmarks/run_financing.py", *sys.argv[1:]]),
    }
    report, verdicts = markdown(pages, views, pledges, context, args)
    print()
    print(report)
    finish(report, args.results, started, verdicts)


if __name__ == "__main__":
    main()
