#!/usr/bin/env python3
"""Load test of the portal under gunicorn on PostgreSQL, with wrk, on 127.0.0.1 only.

Steps: a fresh database next to the one DATABASE_URL names (or on a local PostgreSQL started the
way .ci/run does), migrate, `seed_demo --scale 100`, collectstatic, gunicorn with the production
settings, then wrk against the bare home page (the baseline), the open consultation, its list of
proposals, its most discussed proposal, the same pages signed in, and ballot submissions by
distinct signed-in voters, and the moderation queue with 1,000 contributions waiting, as a
moderator. Prints requests/s, p50 and p99 latency and the ratio to the home page,
then the SQL queries each page runs. See benchmarks/README.md.

Run it with the project's virtualenv: `.venv/bin/python benchmarks/run_load.py`.
"""

import argparse
import concurrent.futures
import datetime
import http.client
import itertools
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(__file__).resolve().parent / ".work"
HOST = "127.0.0.1"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", ""}
LOCAL_DATABASE_URL = "postgres://portal:portal@127.0.0.1:5432/portal"
RESULT_PREFIX = "BENCHMARK-RESULT "
# The demo citizen whose session loads the signed-in pages (demo/data/accounts.yaml).
CITIZEN_EMAIL = "citoyenne.verifiee@demo.example"
CITIZEN_PASSWORD = "demo-habitante-2026"
# The moderator whose session loads the moderation queue, and how many contributions wait in it.
MODERATOR_EMAIL = "moderation@demo.example"
MODERATOR_PASSWORD = "demo-moderation-2026"
QUEUE_WAITING = 1000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="PostgreSQL server to use; the benchmark creates its own database "
        "<name>_bench there (default: $DATABASE_URL, else a local cluster)",
    )
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--duration", type=int, default=15, help="seconds per target")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of unrecorded load first")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--voters",
        type=int,
        default=400,
        help="distinct signed-in voters cycled through by the ballot load",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="DATABASE_CONN_MAX_AGE of the server, as in the README's production "
        "example (0 opens a connection per request)",
    )
    parser.add_argument(
        "--wait-for-idle",
        type=int,
        default=120,
        metavar="SECONDS",
        help="before each target, wait up to this long for the CPU to be at "
        "least 80 %% idle (other processes skew the figures)",
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the seeded database of a previous run (skip migrate and seed)",
    )
    parser.add_argument(
        "--results", type=Path, help="also write the results as Markdown to this file"
    )
    parser.add_argument(
        "--only",
        default="",
        help="load only the targets whose name contains this text (and the baseline), "
        "e.g. 'queue'",
    )
    parser.add_argument("--django-helper", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- setup


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def ensure_wrk():
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if shutil.which("apt-get") and os.geteuid() == 0:
        log("wrk manque : installation du paquet Debian « wrk » avec apt-get")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, env=env)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
        return shutil.which("wrk")
    sys.exit("wrk est introuvable : installez-le (sudo apt-get install wrk) puis relancez.")


def start_local_postgres():
    """Start (and if needed install) the local cluster and its `portal` role, like .ci/run."""
    if os.geteuid() != 0:
        sys.exit(
            "Sans DATABASE_URL, il faut être root pour démarrer PostgreSQL (ou passez "
            "--database-url postgres://…@127.0.0.1/…)."
        )
    script = r"""
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
command -v pg_ctlcluster >/dev/null 2>&1 || { apt-get update -qq; apt-get install -y -qq postgresql >/dev/null; }
PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | grep -q "^${PG_VERSION} main" || pg_createcluster "${PG_VERSION}" main >/dev/null
pg_ctlcluster "${PG_VERSION}" main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
pg_isready -h 127.0.0.1 -p 5432
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal') THEN
        CREATE ROLE portal LOGIN PASSWORD 'portal' CREATEDB;
    END IF;
END
$$;
SQL
"""
    subprocess.run(["bash", "-c", script], check=True, timeout=600)
    return LOCAL_DATABASE_URL


def bench_database(base_url, *, reuse):
    """A database of its own next to the one base_url names: dropped and created again."""
    import psycopg

    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(f"PostgreSQL attendu, pas « {parts.scheme} » : passez --database-url.")
    if (parts.hostname or "") not in LOOPBACK_HOSTS:
        sys.exit("Le banc d'essai ne parle qu'à une base sur 127.0.0.1.")
    name = parts.path.lstrip("/") or "portal"
    bench_name = name if name.endswith("_bench") else f"{name}_bench"
    bench_url = urllib.parse.urlunsplit(parts._replace(path=f"/{bench_name}"))
    if reuse:
        return bench_url
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{bench_name}"')
    return bench_url


def django_env(database_url, args, secret_key):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secret_key,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
        "MEDIA_ROOT": str(WORK / "media"),
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "locmem://",  # nothing is mailed during the load
        "PYTHONUNBUFFERED": "1",
    }


def manage(env, *command, timeout=3600):
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    for line in process.stdout:
        output.append(line)
        if command[0] == "seed_demo" and not line.startswith("|"):
            print(f"    {line}", end="", flush=True)
    if process.wait(timeout=timeout):
        hint = ""
        if "MissingFileError" in "".join(output):
            hint = (
                "\nLe stockage « manifest » de production refuse un fichier statique qui en cite "
                "un autre absent (par exemple un commentaire sourceMappingURL sans son .map)."
            )
        sys.exit(f"manage.py {' '.join(command)} a échoué :\n{''.join(output[-40:])}{hint}")
    return time.monotonic() - started


def helper(env, *task, timeout=900):
    """Run one of the Django-side tasks below in a subprocess; return its JSON result."""
    completed = subprocess.run(
        [sys.executable, __file__, "--django-helper", *task],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    sys.exit(f"Tâche {task[0]} en échec :\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")


BARE_SETTINGS = """from .base import *  # noqa

import dj_database_url

DEBUG = False
SECRET_KEY = {secret!r}
ALLOWED_HOSTS = ["*"]
DATABASES = {{"default": dj_database_url.parse({url!r}, conn_max_age={conn_max_age})}}
"""


def bare_wagtail(base_url, args):
    """A project fresh from `wagtail start`, on its own database: the baseline the issue names
    (a bare Wagtail home page served the same way). Returns the environment to serve it."""
    project = WORK / "bare"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    wagtail = Path(sys.executable).parent / "wagtail"
    subprocess.run([str(wagtail), "start", "bare", str(project)], check=True, capture_output=True)
    parts = urllib.parse.urlsplit(base_url)
    name = (parts.path.lstrip("/") or "portal").removesuffix("_bench") + "_bare"
    url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    import psycopg

    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    (project / "bare" / "settings" / "bench.py").write_text(
        BARE_SETTINGS.format(secret=secrets.token_urlsafe(50), url=url, conn_max_age=args.conn_max_age)
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bare.settings.bench", "PYTHONUNBUFFERED": "1"}
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=project, env=env, check=True,
            capture_output=True,
        )
    return project, env


@contextmanager
def gunicorn_bare(project, env, args):
    with gunicorn(env, args, app="bare.wsgi", cwd=project, port=args.port + 1, name="bare"):
        yield


@contextmanager
def gunicorn(env, args, *, app="portal.wsgi", cwd=ROOT, port=None, name="gunicorn"):
    port = port or args.port
    log_path = WORK / f"{name}.log"
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "--workers",
                str(args.workers),
                "--bind",
                f"{HOST}:{port}",
                "--timeout",
                "60",
            ],
            cwd=cwd,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    sys.exit(f"gunicorn s'est arrêté, voir {log_path}")
                try:
                    if request(port, "GET", "/")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    sys.exit(f"gunicorn ne répond pas, voir {log_path}")
                time.sleep(0.5)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --------------------------------------------------------------------------- HTTP


def request(port, method, path, *, cookies=None, form=None):
    """One request on loopback; returns (status, {cookie: value} set, body text)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        # Production cookies are Secure: a browser would not send them back over plain HTTP,
        # so they are read and sent by hand.
        set_cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            set_cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, set_cookies, text, response.headers.get("Location", "")
    finally:
        connection.close()


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(port, email, password):
    status, cookies, text, _location = request(port, "GET", "/accounts/login/")
    token = CSRF_FIELD.search(text)
    if status != 200 or not token or "csrftoken" not in cookies:
        sys.exit(f"Page de connexion inattendue ({status}).")
    status, set_cookies, _text, location = request(
        port,
        "POST",
        "/accounts/login/",
        cookies={"csrftoken": cookies["csrftoken"]},
        form={"csrfmiddlewaretoken": token.group(1), "login": email, "password": password},
    )
    if status != 302 or "sessionid" not in set_cookies:
        sys.exit(f"Connexion de {email} refusée ({status} → {location}).")
    return {"sessionid": set_cookies["sessionid"], "csrftoken": cookies["csrftoken"]}


def ballot_credentials(port, path, session_key):
    """Open the ballot page as this voter: the CSRF cookie and form token a browser would get."""
    status, cookies, text, _location = request(
        port, "GET", path, cookies={"sessionid": session_key}
    )
    token = CSRF_FIELD.search(text)
    if status != 200 or not token or "csrftoken" not in cookies:
        raise RuntimeError(f"bulletin inaccessible ({status})")
    return {
        "cookie": f"sessionid={session_key}; csrftoken={cookies['csrftoken']}",
        "token": token.group(1),
    }


def cpu_idle(seconds=2.0):
    """Share of the machine's CPU time left idle over a short sample: others' load skews figures."""

    def sample():
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)

    try:
        idle_before, total_before = sample()
        time.sleep(seconds)
        idle_after, total_after = sample()
    except OSError:
        return None
    return 100 * (idle_after - idle_before) / max(1, total_after - total_before)


def wait_for_idle(limit):
    """The CPU idle share once it reaches 80 %, or the last sample after `limit` seconds."""
    deadline = time.monotonic() + limit
    while True:
        idle = cpu_idle()
        if idle is None or idle >= 80 or time.monotonic() >= deadline:
            return idle
        log(f"Processeur occupé par d'autres processus ({100 - idle:.0f} %), attente…")
        time.sleep(3)


# --------------------------------------------------------------------------- wrk

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _milliseconds(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * UNITS[match.group(2)]


def run_wrk(wrk, args, path, *, seconds, cookie=None, script=None):
    command = [
        wrk,
        "-t",
        str(args.threads),
        "-c",
        str(args.connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--latency",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    command.append(f"http://{HOST}:{args.port}{path}")
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    output = completed.stdout
    if completed.returncode:
        sys.exit(f"wrk a échoué :\n{output}\n{completed.stderr}")
    latencies = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if "50" not in latencies or "99" not in latencies:
        sys.exit(f"Sortie de wrk inattendue :\n{output}\n{completed.stderr}")
    requests_done = re.search(r"(\d+) requests in", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    status_line = re.search(r"^STATUS (\d+) (\d+)$", output, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _milliseconds(latencies["50"]),
        "p99": _milliseconds(latencies["99"]),
        "requests": int(requests_done.group(1)),
        "non_2xx_3xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
        "expected_status": int(status_line.group(1)) if status_line else None,
        "other_status": int(status_line.group(2)) if status_line else None,
        "raw": output,
    }


BALLOT_SCRIPT = """
-- Generated by benchmarks/run_load.py: each request is a valid ballot of the next voter.
local voters = {%(voters)s}
local bodies = {%(bodies)s}
local path = "%(path)s"
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  other = 0
  position = math.floor(id * #voters / %(threads)d)
end

function request()
  position = position %% #voters + 1
  local voter = voters[position]
  local body = "csrfmiddlewaretoken=" .. voter[2] .. "&" .. bodies[position %% #bodies + 1]
  return wrk.format("POST", path, {
    ["Cookie"] = voter[1],
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  -- Recorded ballots redirect to the ballot page; anything else is a failure.
  local location = headers["Location"] or ""
  if status == 302 and string.find(location, path, 1, true) then
    ok = ok + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
  end
  io.write(string.format("STATUS %%d %%d\\n", total_ok, total_other))
end
"""


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ballot_script(path, credentials, bodies, threads):
    voters = ", ".join(
        "{"
        + lua_string(voter["cookie"])
        + ", "
        + lua_string(urllib.parse.quote(voter["token"]))
        + "}"
        for voter in credentials
    )
    script = WORK / "ballot.lua"
    script.write_text(
        BALLOT_SCRIPT
        % {
            "voters": voters,
            "bodies": ", ".join(lua_string(body) for body in bodies),
            "path": path,
            "threads": threads,
        }
    )
    return script


def ballot_bodies(projects, budget, limit=24):
    """Valid budget ballots (form bodies), from one project up to four."""
    bodies = []
    for size in (1, 2, 3, 4):
        for combination in itertools.combinations(projects, size):
            if sum(cost for _pk, cost in combination) <= budget:
                bodies.append("&".join(f"projects={pk}" for pk, _cost in combination))
    step = max(1, len(bodies) // limit)
    return bodies[::step][:limit]


# --------------------------------------------------------------------------- Django side


def django_helper(task, *arguments):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    result = {
        "targets": helper_targets,
        "sessions": helper_sessions,
        "ballot_stats": helper_ballot_stats,
        "queries": helper_queries,
        "moderation_queue": helper_moderation_queue,
    }[task](*arguments)
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def _demo():
    from django.urls import reverse

    from consultations.models import ConsultationPage, Proposal
    from consultations.services.voting import ballot_projects
    from demo.citizen_texts import BENCHMARK

    proposal = Proposal.objects.select_related("consultation").get(title=BENCHMARK["title"])
    consultation = proposal.consultation
    budget = ConsultationPage.objects.live().get(vote_method=ConsultationPage.VoteMethod.BUDGET)
    return {
        # The path only: with several sites, get_url() answers with an absolute URL.
        "consultation": consultation.get_url_parts()[2],
        "consultation_id": consultation.pk,
        "proposals": reverse("consultations:proposal_list", args=[consultation.pk]),
        "proposal_count": Proposal.objects.for_consultation(consultation).count(),
        "proposal": proposal.get_absolute_url(),
        "proposal_comments": proposal.comment_count,
        "ballot": reverse("consultations:ballot", args=[budget.pk]),
        "budget_id": budget.pk,
        "budget": budget.budget,
        "projects": [[project.pk, project.cost] for project in ballot_projects(budget)],
    }


def helper_targets():
    return _demo()


def _eligible_voters(count):
    from consultations import permissions
    from consultations.models import ConsultationPage, User
    from demo.accounts import EMAIL_DOMAIN as DEMO_EMAIL_DOMAIN

    budget = ConsultationPage.objects.live().get(vote_method=ConsultationPage.VoteMethod.BUDGET)
    candidates = User.objects.filter(
        email__regex=r"\.[0-9]+@" + re.escape(DEMO_EMAIL_DOMAIN) + "$", is_verified_resident=True
    ).order_by("pk")
    voters = []
    for user in candidates.iterator():
        if permissions.can_vote(user, budget):
            voters.append(user)
        if len(voters) == int(count):
            break
    return voters


def helper_sessions(count):
    """Signed-in sessions for `count` distinct voters, as django.contrib.auth.login stores them."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    keys = []
    for user in _eligible_voters(count):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def helper_ballot_stats():
    from django.db.models import Sum

    from consultations.models import Ballot, ConsultationPage

    budget = ConsultationPage.objects.live().get(vote_method=ConsultationPage.VoteMethod.BUDGET)
    ballots = Ballot.objects.filter(consultation=budget)
    return {
        "ballots": ballots.count(),
        "revisions": ballots.aggregate(Sum("revision"))["revision__sum"] or 0,
    }


def helper_moderation_queue(count):
    """Fill the moderation queue up to `count` waiting contributions: proposals awaiting
    moderation in the pre-moderated consultation, by generated citizens (written in bulk, as the
    demo's volume is, and the consultation's version bumped as services would)."""
    from consultations import activity
    from consultations.models import ConsultationPage, Proposal, User
    from consultations.moderation_queue import moderation_queue
    from demo.accounts import EMAIL_DOMAIN as DEMO_EMAIL_DOMAIN

    waiting = moderation_queue(scope=[""], state="waiting").count()
    missing = int(count) - waiting
    if missing > 0:
        consultation = ConsultationPage.objects.live().filter(moderation=ConsultationPage.Moderation.PRE).first()
        authors = list(
            User.objects.filter(email__regex=r"\.[0-9]+@" + re.escape(DEMO_EMAIL_DOMAIN) + "$").order_by("pk")[:200]
        )
        Proposal.objects.bulk_create(
            [
                Proposal(
                    consultation=consultation,
                    author=authors[number % len(authors)],
                    title=f"Proposition à relire n° {waiting + number + 1}",
                    body="Une proposition déposée pour mesurer la file de modération, en attente de relecture.",
                    status=Proposal.Status.PENDING,
                )
                for number in range(missing)
            ],
            batch_size=500,
        )
        activity.touch(consultation.pk)
    return {"waiting": moderation_queue(scope=[""], state="waiting").count()}


def _normalise(sql):
    sql = re.sub(r"'[^']*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    sql = re.sub(r"IN \([?, ]+\)", "IN (…)", sql)
    return sql[:160]


def helper_queries():
    """SQL queries per page for one request, after a first one that warms caches up. The
    anonymous page cache is off here, so that the figures show what a page costs to build."""
    from django.test.utils import override_settings

    with override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=0):
        return _queries_per_page()


def _queries_per_page():
    from collections import Counter

    from django.core.cache import cache, caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from consultations.models import User

    demo = _demo()
    citizen = User.objects.get(email=CITIZEN_EMAIL)
    moderator = User.objects.get(email=MODERATOR_EMAIL)
    voter = _eligible_voters(1)[0]
    first = demo["projects"][0][0]
    pages = [
        ("home", None, "GET", "/"),
        ("consultation", None, "GET", demo["consultation"]),
        ("proposals", None, "GET", demo["proposals"]),
        ("proposal", None, "GET", demo["proposal"]),
        ("home signed in", citizen, "GET", "/"),
        ("consultation signed in", citizen, "GET", demo["consultation"]),
        ("proposals signed in", citizen, "GET", demo["proposals"]),
        ("proposal signed in", citizen, "GET", demo["proposal"]),
        # Drawn anew: what the page kept from contributions (threads, cards) forgotten, as after
        # a new comment or support.
        ("consultation signed in, drawn anew", citizen, "GET", demo["consultation"]),
        ("proposals signed in, drawn anew", citizen, "GET", demo["proposals"]),
        ("proposal signed in, drawn anew", citizen, "GET", demo["proposal"]),
        ("ballot POST", voter, "POST", demo["ballot"]),
        ("moderation queue", moderator, "GET", "/admin/moderation/"),
    ]
    results = []
    for name, user, method, path in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if user:
            client.force_login(user)
        send = client.post if method == "POST" else client.get
        data = {"projects": [first]} if method == "POST" else None
        send(path, data) if data else send(path)
        cache.delete_many([f"rl:ballot:{voter.pk}:{int(time.time() // 60)}"])
        if name.endswith("drawn anew"):
            caches["memo"].clear()
        sql_seconds = []

        def timed(execute, sql, params, many, context, spent=sql_seconds):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent.append(time.perf_counter() - started)

        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timed):
            started = time.perf_counter()
            response = send(path, data) if data else send(path)
            elapsed = (time.perf_counter() - started) * 1000
        sql_ms = sum(sql_seconds) * 1000
        repeated = Counter(_normalise(query["sql"]) for query in queries.captured_queries)
        results.append(
            {
                "name": name,
                "status": response.status_code,
                "bytes": len(response.content),
                "queries": len(queries.captured_queries),
                "sql_ms": round(sql_ms, 1),
                "total_ms": round(elapsed, 1),
                "top": [[count, sql] for sql, count in repeated.most_common(4)],
            }
        )
    return results


# --------------------------------------------------------------------------- report


def machine():
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kilobytes / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}), {memory}, {platform.platform()}"


def versions(env):
    script = (
        "import django, wagtail, gunicorn, psycopg, sys;"
        "print(f'Python {sys.version.split()[0]}, Django {django.__version__}, "
        "Wagtail {wagtail.__version__}, gunicorn {gunicorn.__version__}, "
        "psycopg {psycopg.__version__}')"
    )
    server_version = (
        "import psycopg, os; c = psycopg.connect(os.environ['DATABASE_URL']);"
        "print(c.execute('show server_version').fetchone()[0])"
    )
    python = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    server = subprocess.run(
        [sys.executable, "-c", server_version],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    wrk_version = (wrk.stdout or wrk.stderr).split("\n")[0].split(" [")[0]
    return f"{python.stdout.strip()}, PostgreSQL {server.stdout.strip()}, {wrk_version}"


def _percent(value):
    return "?" if value is None else f"{value:.0f} %"


def markdown(results, queries, context):
    baseline = results[0]["rps"]
    lines = [
        f"Run of {context['date']} on {context['machine']}.",
        "",
        f"{context['versions']}.",
        "",
        (
            f"gunicorn {context['workers']} sync workers, production settings, "
            f"DATABASE_CONN_MAX_AGE={context['conn_max_age']}; wrk {context['threads']} threads, "
            f"{context['connections']} connections, {context['duration']} s per target after "
            f"{context['warmup']} s of warm-up, on 127.0.0.1. Seed: `--scale {context['scale']}` "
            f"({context['proposal_count']} proposals in the open consultation, "
            f"{context['proposal_comments']} comments on the proposal page)."
        ),
        "",
        "| Target | Requests/s | p50 (ms) | p99 (ms) | vs. bare Wagtail | Errors | CPU idle before |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for result in results:
        errors = result["non_2xx_3xx"]
        if result.get("other_status") is not None:
            lost = result["other_status"]
            errors = f"{lost or 'none'} of {result['requests']} lost"
        if result["socket_errors"]:
            errors = f"{errors}; socket: {result['socket_errors']}"
        lines.append(
            f"| {result['name']} | {result['rps']:.1f} | {result['p50']:.1f} | "
            f"{result['p99']:.1f} | {result['rps'] / baseline:.2f} | {errors} | "
            f"{_percent(result.get('idle_before'))} |"
        )
    if "ballots" in context:
        lines += ["", context["ballots"]]
    lines += [
        "",
        (
            "SQL per request (Django test client in the same settings, second request, one at a "
            "time; SQL is the time spent waiting for the database):"
        ),
        "",
        "| Page | Status | Queries | SQL (ms) | Whole request (ms) | Most repeated query |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in queries:
        count, sql = row["top"][0] if row["top"] else (0, "")
        sql = sql.replace("|", "\\|")
        lines.append(
            f"| {row['name']} | {row['status']} | {row['queries']} | {row['sql_ms']} | "
            f"{row['total_ms']} | {count}× `{sql}` |"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def main():
    args = parse_args()
    if args.django_helper:
        django_helper(*args.django_helper)
        return
    started = time.monotonic()
    WORK.mkdir(exist_ok=True)
    wrk = ensure_wrk()
    base_url = args.database_url
    if not base_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        log("Pas de DATABASE_URL PostgreSQL : démarrage du PostgreSQL local (comme .ci/run)")
        base_url = start_local_postgres()
    database_url = bench_database(base_url, reuse=args.reuse_db)
    log(f"Base : {urllib.parse.urlsplit(database_url)._replace(netloc='…').geturl()}")
    env = django_env(database_url, args, secrets.token_urlsafe(50))
    context = {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "versions": versions(env),
        **{
            name: getattr(args, name)
            for name in (
                "workers",
                "threads",
                "connections",
                "duration",
                "warmup",
                "scale",
                "conn_max_age",
            )
        },
    }
    if not args.reuse_db:
        log("migrate")
        manage(env, "migrate", "--noinput")
        log(f"seed_demo --scale {args.scale}")
        seconds = manage(env, "seed_demo", "--scale", str(args.scale))
        log(f"seed_demo terminé en {seconds:.0f} s")
    log("collectstatic")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    demo = helper(env, "targets")
    context.update(
        proposal_count=demo["proposal_count"], proposal_comments=demo["proposal_comments"]
    )
    log(f"Sessions de {args.voters} votants")
    sessions = helper(env, "sessions", str(args.voters))
    log(f"File de modération : {QUEUE_WAITING} contributions en attente")
    context["queue_waiting"] = helper(env, "moderation_queue", str(QUEUE_WAITING))["waiting"]
    log("Requêtes SQL par page")
    queries = helper(env, "queries")

    results = []
    log("Wagtail nu (wagtail start) : la référence")
    bare_project, bare_env = bare_wagtail(base_url, args)
    with gunicorn_bare(bare_project, bare_env, args):
        bare_args = argparse.Namespace(**{**vars(args), "port": args.port + 1})
        idle = wait_for_idle(args.wait_for_idle)
        run_wrk(wrk, bare_args, "/", seconds=args.warmup)
        result = run_wrk(wrk, bare_args, "/", seconds=args.duration)
        results.append({"name": "Bare Wagtail 8 home page (baseline)", "idle_before": idle, **result})
        log(f"Wagtail nu : {result['rps']:.1f} req/s, p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms")
    with gunicorn(env, args):
        log(f"gunicorn prêt sur http://{HOST}:{args.port}/")
        citizen = sign_in(args.port, CITIZEN_EMAIL, CITIZEN_PASSWORD)
        moderator = sign_in(args.port, MODERATOR_EMAIL, MODERATOR_PASSWORD)
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            credentials = list(
                pool.map(lambda key: ballot_credentials(args.port, demo["ballot"], key), sessions)
            )
        targets = [
            ("Portal home page", "/", None),
            ("Consultation page", demo["consultation"], None),
            ("Proposal list", demo["proposals"], None),
            ("Proposal page", demo["proposal"], None),
            ("Home page, signed in", "/", citizen),
            ("Consultation page, signed in", demo["consultation"], citizen),
            ("Proposal list, signed in", demo["proposals"], citizen),
            ("Proposal page, signed in", demo["proposal"], citizen),
            (f"Moderation queue ({context['queue_waiting']:,} waiting), moderator", "/admin/moderation/", moderator),
        ]
        for name, path, cookies in targets:
            if args.only and args.only.lower() not in name.lower():
                continue
            status, _set, text, _location = request(args.port, "GET", path, cookies=cookies)
            # The admin signs out through its own menu; the public pages through the header's form.
            signed_in = 'action="/accounts/logout/"' in text or "/admin/logout/" in text
            if status != 200 or signed_in != bool(cookies):
                sys.exit(f"{name} : réponse {status}, connecté : {signed_in}")
            cookie = "; ".join(f"{key}={value}" for key, value in cookies.items()) if cookies else None
            idle = wait_for_idle(args.wait_for_idle)
            run_wrk(wrk, args, path, seconds=args.warmup, cookie=cookie)
            result = run_wrk(wrk, args, path, seconds=args.duration, cookie=cookie)
            results.append({"name": name, "idle_before": idle, **result})
            log(
                f"{name} : {result['rps']:.1f} req/s, p50 {result['p50']:.1f} ms, "
                f"p99 {result['p99']:.1f} ms"
            )
        if not args.only or args.only.lower() in "ballot post":
            script = ballot_script(
                demo["ballot"],
                credentials,
                ballot_bodies(demo["projects"], demo["budget"]),
                args.threads,
            )
            idle = wait_for_idle(args.wait_for_idle)
            run_wrk(wrk, args, demo["ballot"], seconds=args.warmup, script=script)
            before = helper(env, "ballot_stats")
            result = run_wrk(wrk, args, demo["ballot"], seconds=args.duration, script=script)
            after = helper(env, "ballot_stats")
            name = f"Ballot POST ({len(credentials)} voters)"
            results.append({"name": name, "idle_before": idle, **result})
            stored = (after["ballots"] - before["ballots"]) + (after["revisions"] - before["revisions"])
            context["ballots"] = (
                f"Ballots: {result['requests']} POSTs answered, {result['expected_status']} of them "
                f"redirected to the ballot page; {stored} recorded in the database "
                f"({after['ballots'] - before['ballots']} new ballots, "
                f"{after['revisions'] - before['revisions']} changed), counting the up to "
                f"{args.connections} requests still in flight when wrk stopped."
            )
            log(
                f"{name} : {result['rps']:.1f} req/s, p50 {result['p50']:.1f} ms, "
                f"p99 {result['p99']:.1f} ms — {context['ballots']}"
            )

    report = markdown(results, queries, context)
    print()
    print(report)
    for row in queries:
        print(f"{row['name']}: {row['queries']} requêtes")
        for count, sql in row["top"]:
            print(f"    {count:4d} × {sql}")
    if args.results:
        args.results.write_text(report)
        log(f"Résultats écrits dans {args.results}")
    log(f"Terminé en {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
