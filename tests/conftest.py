import pytest
from django.core.cache import cache
from wagtail.models import Site

from .factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth's rate limits count in the cache: each test starts with no recorded attempt.
    cache.clear()
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
    return UserFactory(email="moderation@exemple.fr", groups=["Moderators"])


@pytest.fixture
def editor(db):
    return UserFactory(email="redaction@exemple.fr", groups=["Editors"])


@pytest.fixture
def elected_official(db):
    return UserFactory(email="elue@exemple.fr", groups=["Elected officials"])
