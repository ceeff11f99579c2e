import pytest
from django.conf import settings
from django.core.cache import caches
from wagtail.models import Site

from .factories import PASSWORD, UserFactory
from consultations.roles import EDITORS, ELECTED_OFFICIALS, MODERATORS


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    # allauth's rate limits count in the (database) cache: each test starts with no recorded
    # attempt. Only tests that may touch the database can clear it.
    marker = request.node.get_closest_marker("django_db")
    if marker:
        transactional = marker.kwargs.get("transaction", False)
        request.getfixturevalue("transactional_db" if transactional else "db")
    elif not DATABASE_FIXTURES & set(request.fixturenames):
        yield
        return
    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def citizen(db):
    return UserFactory(email="camille.martin@exemple.fr", display_name="Camille M.")


@pytest.fixture
def moderator(db):
    return UserFactory(email="moderation@exemple.fr", groups=[MODERATORS])


@pytest.fixture
def editor(db):
    return UserFactory(email="redaction@exemple.fr", groups=[EDITORS])


@pytest.fixture
def elected_official(db):
    return UserFactory(email="elue@exemple.fr", groups=[ELECTED_OFFICIALS])
