"""A change is visible on the very next request in every process: two servers, one database.

Each server process keeps pages, routes and fragments in its own memory; the test warms both,
changes things from a third process (this one) and asks both again at once, with no waiting.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from consultations.services.proposals import submit_proposal
from tests.factories import UserFactory
from tests.markers import postgresql_only

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), postgresql_only]

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def two_workers():
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        # Kept pages never expire during the test: only versions can make them fresh.
        "ANONYMOUS_PAGE_CACHE_SECONDS": "3600",
    }
    servers = []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        servers.append((process, f"http://127.0.0.1:{port}"))
    # A worker accepts connections before it has loaded the portal: a read may time out meanwhile.
    deadline = time.monotonic() + 60
    for _process, url in servers:
        while True:
            try:
                urllib.request.urlopen(url + "/robots.txt", timeout=5)
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    yield [url for _process, url in servers]
    for process, _url in servers:
        process.terminate()
        process.wait(timeout=10)


def get(url):
    request = urllib.request.Request(url, headers={"Host": "localhost"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_every_process_shows_a_change_on_its_very_next_request(open_consultation, two_workers):
    proposals = reverse("consultations:proposal_list", args=[open_consultation.pk])
    for server in two_workers:
        for _ in range(2):  # drawn, then kept
            assert get(server + proposals)[0] == 200
            assert get(server + open_consultation.url)[0] == 200

    submit_proposal(open_consultation, author=UserFactory(), title="Un bassin nordique", body="Un bassin dehors, chauffé l'hiver.")
    for server in two_workers:
        assert "Un bassin nordique" in get(server + proposals)[1]
        assert "Un bassin nordique" in get(server + open_consultation.url)[1]

    open_consultation.title = "Piscine : le nouveau titre"
    open_consultation.save_revision().publish()
    for server in two_workers:
        assert "Piscine : le nouveau titre" in get(server + open_consultation.url)[1]

    open_consultation.unpublish()
    for server in two_workers:
        assert get(server + open_consultation.url)[0] == 404
        assert get(server + proposals)[0] == 404
