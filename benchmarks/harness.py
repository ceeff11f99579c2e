"""What the benchmark scripts share: their databases, the Django subprocess, gunicorn and wrk.

Each script creates databases of its own next to the one DATABASE_URL names, on 127.0.0.1 only,
runs its Django-side tasks by invoking itself again with `--django-helper` (the task prints one
line `BENCHMARK-RESULT <json>`), serves the portal with gunicorn and loads it with wrk. Only the
standard library is imported at the top: the Django-side tasks import this module too.
"""

import http.client
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


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------- setup


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


def base_name(base_url):
    """The database base_url names, after which the benchmarks name theirs."""
    return urllib.parse.urlsplit(base_url).path.lstrip("/") or "portal"


def bench_database(base_url, name, *, reuse):
    """(URL, reused): our own database `name` next to the one base_url names, dropped and created
    again unless `reuse` and it exists. The database base_url names is never touched."""
    import psycopg

    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(f"PostgreSQL attendu, pas « {parts.scheme} » : passez --database-url.")
    if (parts.hostname or "") not in LOOPBACK_HOSTS:
        sys.exit("Le banc d'essai ne parle qu'à une base sur 127.0.0.1.")
    bench_url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if reuse and exists:
            return bench_url, True
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return bench_url, False


def django_env(database_url, *, secret_key, conn_max_age=None, media=None, page_cache=True):
    """The production settings on `database_url`, served over plain HTTP on loopback.

    `media` names the folder of WORK holding the uploads; without `page_cache` every anonymous
    request builds its page (what a page costs, not what the cache saves)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secret_key,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "locmem://",  # nothing is mailed during a benchmark
        "PYTHONUNBUFFERED": "1",
    }
    if conn_max_age is not None:
        env["DATABASE_CONN_MAX_AGE"] = str(conn_max_age)
    if media:
        env["MEDIA_ROOT"] = str(WORK / media)
    if not page_cache:
        env["ANONYMOUS_PAGE_CACHE_SECONDS"] = "0"
    return env


def manage(env, *command, timeout=3600):
    """Run a manage.py command, echoing seed_demo's progress; returns its seconds."""
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


# --------------------------------------------------------------------------- Django side

# A script's Django-side tasks run in a subprocess of their own (the script invoked again with
# --django-helper), so that the measuring process never loads Django and each task starts fresh.


def helper_command(script, *task):
    return [sys.executable, str(script), "--django-helper", *task]


def helper_result(stdout, stderr, task):
    """The JSON of the task's result line, or exit with the end of its output."""
    for line in stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    sys.exit(f"Tâche {task[0]} en échec :\n{stdout[-3000:]}\n{stderr[-3000:]}")


def helper(script, env, *task, timeout=None, echo=False):
    """Run one of `script`'s Django-side tasks in a fresh process; return its JSON result."""
    completed = subprocess.run(
        helper_command(script, *task),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if echo:
        print(completed.stdout, end="")
    return helper_result(completed.stdout, completed.stderr, task)


def answer_helper(tasks, task, *arguments):
    """The subprocess's side: set Django up, run tasks[task] and print its result line."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    result = tasks[task](*arguments)
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def normalise_sql(sql, *, width, collapse_lists=False):
    """A query with its literals replaced, so that the same query with other values counts once."""
    sql = re.sub(r"'[^']*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    if collapse_lists:
        sql = re.sub(r"IN \([?, ]+\)", "IN (…)", sql)
    return sql[:width]


# --------------------------------------------------------------------------- gunicorn

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
    url, _reused = bench_database(
        base_url, base_name(base_url).removesuffix("_bench") + "_bare", reuse=False
    )
    (project / "bare" / "settings" / "bench.py").write_text(
        BARE_SETTINGS.format(
            secret=secrets.token_urlsafe(50), url=url, conn_max_age=args.conn_max_age
        )
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bare.settings.bench", "PYTHONUNBUFFERED": "1"}
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=project,
            env=env,
            check=True,
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
P95_SCRIPT = """
-- Generated by benchmarks/harness.py: wrk prints 50/75/90/99 %, the 95th is asked for here.
function done(summary, latency, requests)
  io.write(string.format("P95 %d\\n", latency:percentile(95)))
end
"""


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


def p95_script(name):
    """The wrk script (in WORK, named after the benchmark) that also prints the 95th percentile."""
    script = WORK / f"{name}-p95.lua"
    script.write_text(P95_SCRIPT)
    return script


def pop_p95(result):
    """The 95th percentile (ms) that p95_script printed, taking wrk's raw output off the result."""
    p95 = [line for line in result.pop("raw").splitlines() if line.startswith("P95 ")]
    return int(p95[0].split()[1]) / 1000 if p95 else None


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


def versions(env, *, package, wrk=False):
    """Python, Django, Wagtail, `package` (the one the benchmark leans on), psycopg and the
    PostgreSQL server of env's DATABASE_URL; then wrk's version if asked."""
    script = (
        f"import django, wagtail, {package}, psycopg, os, sys;"
        "c = psycopg.connect(os.environ['DATABASE_URL']);"
        "print(f'Python {sys.version.split()[0]}, Django {django.__version__}, "
        "Wagtail {wagtail.__version__}, "
        f"{package} {{{package}.__version__}}, psycopg {{psycopg.__version__}}, "
        "PostgreSQL {c.execute(\"show server_version\").fetchone()[0]}')"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    found = completed.stdout.strip()
    if wrk:
        wrk_run = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
        found += ", " + (wrk_run.stdout or wrk_run.stderr).split("\n")[0].split(" [")[0]
    return found


def report_header(context):
    """The opening lines of every Markdown report: when, on what, with which versions."""
    return [f"Run of {context['date']} on {context['machine']}.", "", f"{context['versions']}.", ""]


def verdict_table(verdicts, heading="Target"):
    """Markdown lines of the (description, measured, passed) checks."""
    lines = ["", f"| {heading} | Measured | |", "|---|---|---|"]
    for description, measured, passed in verdicts:
        lines.append(f"| {description} | {measured} | {'PASS' if passed else 'FAIL'} |")
    return lines


def print_verdicts(verdicts):
    for description, measured, passed in verdicts:
        print(f"{'PASS' if passed else 'FAIL'}  {description} : {measured}")


def finish(report, results_path, started, verdicts=()):
    """Write the report if asked, say how long the run took; exit 1 if a check failed."""
    if results_path:
        results_path.write_text(report)
        log(f"Résultats écrits dans {results_path}")
    log(f"Terminé en {time.monotonic() - started:.0f} s")
    if not all(passed for _description, _measured, passed in verdicts):
        sys.exit(1)
