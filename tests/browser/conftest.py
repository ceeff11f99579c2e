"""Browser suite: headless Chromium driven by Playwright against pytest-django's live server.

One browser for the whole suite, a fresh context (cookies, storage) for every test. Tests run
on a transactional database with serialized rollback, so the home page, Site, groups and root
collection created by the data migrations are back for each test although the live server needs
real commits.
"""

import os
import re
from pathlib import Path

import pytest

from .artifacts import SCREENSHOTS_DIR, screenshot_path

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_DIR = Path(__file__).resolve().parent
DEFAULT_VIEWPORT = {"width": 1280, "height": 900}
# Every wait is local (live server on loopback): fail fast rather than after Playwright's 30 s.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # new_context reads this at teardown to keep screenshots of failed tests.
    setattr(item, f"browser_report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """Chromium for the browser suite; package-scoped so that what it changes in the process (a
    running event loop, DJANGO_ALLOW_ASYNC_UNSAFE) ends with the suite, before other packages'
    tests and the subprocesses they start (`manage.py check --deploy` refuses that variable)."""
    if not os.access(CHROMIUM_PATH, os.X_OK):
        pytest.skip(f"Chromium not installed at {CHROMIUM_PATH}; .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    from django.db import connections

    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # Playwright's sync API keeps an event loop running in the test thread: Django would refuse
    # every ORM call made from tests (fixtures, reading the outbox, updating Sites).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            # With a running loop, asgiref gives this thread a second set of database connections.
            # They lack the copy of the migrated database that serialized rollback restores
            # before each test when the database was created before the browser started.
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            connections.close_all()  # those loop-bound connections, before the loop stops
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _forms_sent_at_machine_speed(settings):
    # Playwright fills a form in less than the seconds a person takes (consultations/form_guards.py);
    # the trap and the signed time of each form stay checked.
    settings.FORM_MIN_FILL_SECONDS = 0


@pytest.fixture
def new_context(request, browser, live_server):
    """Factory for browser contexts (French locale, desktop size unless told otherwise), closed
    after the test; if the test fails, each page still open is saved as a screenshot."""
    contexts = []
    failure_stem = screenshot_path(request.node.name).stem
    for stale in SCREENSHOTS_DIR.glob("*.png"):  # an earlier run's failure must not look current
        if re.fullmatch(re.escape(failure_stem) + r"(-\d+)?", stale.stem):
            stale.unlink()

    def make(**options):
        options = {"locale": "fr-FR", "viewport": DEFAULT_VIEWPORT, **options}
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "browser_report_call", None)
    open_pages = [page for context in contexts for page in context.pages]
    if report is not None and report.failed:
        for number, page in enumerate(open_pages):
            suffix = f"-{number + 1}" if len(open_pages) > 1 else ""
            try:
                page.screenshot(path=screenshot_path(request.node.name + suffix), full_page=True)
            except Exception as error:  # a crashed page must not hide the test's own failure
                print(f"Could not save a screenshot of {page.url}: {error}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh French-locale context."""
    return new_context().new_page()


@pytest.fixture
def snapshot(request):
    """Save a screenshot of a key step: snapshot(page, "after-signup")."""

    def take(page, step):
        page.screenshot(path=screenshot_path(f"{request.node.name}--{step}"), full_page=True)

    return take
