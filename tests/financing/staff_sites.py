"""The campsite (tests/consultations/other_sites.py) with its own « Financement participatif » page
and a live campaign: the other site whose staff must not act on the main site's campaigns."""

from wagtail.models import Site

from tests.consultations.other_sites import campsite

from .factories import campaign_index, make_campaign


def campsite_with_a_campaign():
    """(the campsite's moderator, its editor, its live campaign)."""
    moderator, editor, _consultation = campsite()
    site = Site.objects.get(hostname="camping.example.fr")
    campaign = make_campaign(parent=campaign_index(site), title="Des vélos au camping", slug="velos")
    return moderator, editor, campaign
