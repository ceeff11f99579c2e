"""The demo seeded once at scale 0 (see conftest.seeded_demo): sites and consultations alone."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from consultations.models import Ballot, Comment, ConsultationPage, Proposal, Support, User
from demo.accounts import CITIZENS_PER_SCALE, DEMO_ACCOUNTS, EMAIL_DOMAIN
from demo.pages import CONSULTATIONS


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def generated_citizens():
    return User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exclude(
        email__in=[account.email for account in DEMO_ACCOUNTS]
    )


def test_scale_zero_builds_the_consultations_without_contributions():
    assert ConsultationPage.objects.live().count() == len(CONSULTATIONS)
    assert not generated_citizens().exists()
    assert not Proposal.objects.exists()
    assert not Comment.objects.exists()
    assert not Ballot.objects.exists()


def test_a_later_run_at_scale_one_adds_citizens_and_their_contributions():
    pages = Page.objects.count()

    call_command("seed_demo", scale=1, stdout=io.StringIO())

    assert Page.objects.count() == pages
    assert generated_citizens().count() == CITIZENS_PER_SCALE
    assert Proposal.objects.exists() and Support.objects.exists()
    assert Comment.objects.exists() and Ballot.objects.exists()
