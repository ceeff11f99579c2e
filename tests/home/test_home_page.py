import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, Site

from home.colours import contrast_ratio, readable_text_colour
from home.models import HomePage, SiteIdentity, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def rink(home_page):
    root = Page.objects.get(depth=1)
    rink_home = root.add_child(instance=HomePage(title="Patinoire Charlemagne", slug="patinoire"))
    site = Site.objects.create(hostname="patinoire.example.fr", port=80, root_page=rink_home)
    SiteIdentity.objects.create(
        site=site,
        organisation_name="Patinoire Charlemagne",
        primary_colour="#0b3d5c",
        instagram_url="https://instagram.com/patinoire",
    )
    return rink_home


@pytest.fixture
def legal_page(home_page):
    page = home_page.add_child(
        instance=StandardPage(
            title="Mentions légales",
            slug="mentions-legales",
            intro="Éditeur du site et hébergeur.",
            search_description="Qui publie ce portail et qui l'héberge.",
            show_in_menus=True,
        )
    )
    page.save_revision().publish()
    return page


def test_home_page_is_served_in_french(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert "Aller au contenu principal" in response.content.decode()


def test_language_switcher_changes_the_interface_and_remembers_it(client, home_page):
    html = client.get("/").content.decode()
    assert '<a href="/langue/en/?next=/" lang="en" hreflang="en">English</a>' in html
    response = client.get("/langue/en/", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert '<html lang="en">' in client.get("/accounts/login/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_french(client, home_page):
    client.cookies["portal_language"] = "tlh"
    assert '<html lang="fr">' in client.get("/").content.decode()


def test_each_site_shows_its_own_identity_by_hostname(client, rink):
    SiteIdentity.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"organisation_name": "Métropole Loisirs", "facebook_url": "https://fb.com/metro"},
    )
    metropolis = client.get("/", HTTP_HOST="localhost").content.decode()
    rink_html = client.get("/", HTTP_HOST="patinoire.example.fr").content.decode()
    assert "Métropole Loisirs" in metropolis and "https://fb.com/metro" in metropolis
    assert "Patinoire Charlemagne" in rink_html and "https://instagram.com/patinoire" in rink_html
    assert "--primary:#0b3d5c" in client.get("/theme.css", HTTP_HOST="patinoire.example.fr").content.decode()
    assert "Métropole Loisirs" not in rink_html


def test_pages_carry_description_and_open_graph_tags(client, legal_page):
    html = client.get("/mentions-legales/").content.decode()
    assert '<meta name="description" content="Qui publie ce portail et qui l&#x27;héberge.">' in html
    assert '<meta property="og:title" content="Mentions légales">' in html
    assert '<meta property="og:url" content="http://testserver/mentions-legales/">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert "<title>Mentions légales · " in html


def test_menu_lists_the_pages_editors_put_in_menus(client, legal_page):
    html = client.get("/").content.decode()
    assert '<a href="/mentions-legales/" lang="fr" aria-current="page">Mentions légales</a>' in (
        client.get("/mentions-legales/").content.decode()
    )
    assert '<a href="/mentions-legales/" lang="fr">Mentions légales</a>' in html


def test_footer_links_to_the_legal_pages_of_the_site(client, home_page, legal_page):
    SiteIdentity.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"legal_notice_page": legal_page}
    )
    html = client.get("/").content.decode()
    assert 'href="/mentions-legales/">Mentions légales</a>' in html


def test_unknown_page_gets_the_portal_404(client, home_page):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_a_main_colour_too_light_for_text_is_refused():
    identity = SiteIdentity(site=Site.objects.get(is_default_site=True), primary_colour="#ffd700")
    with pytest.raises(ValidationError) as error:
        identity.full_clean()
    assert "primary_colour" in error.value.message_dict


def test_buttons_get_a_readable_text_colour_whatever_the_brand_colour():
    for background in ["#1d4f91", "#ffd700", "#c2410c", "#00ffff", "#222222"]:
        assert contrast_ratio(background, readable_text_colour(background)) >= 4.5


def test_robots_and_sitemap_are_served(client, legal_page):
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()
    assert "/mentions-legales/" in client.get("/sitemap.xml").content.decode()


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(client, home_page):
    assert client.get("/langue/tlh/").status_code == 404
    response = client.get("/langue/en/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_page_addresses_are_plain_ascii(home_page):
    from home.models import StandardPage

    page = home_page.add_child(instance=StandardPage(title="Hébergements et séjours"))
    assert page.slug == "hebergements-et-sejours"


def test_the_browsers_favicon_request_finds_the_icon(client, home_page):
    response = client.get("/favicon.ico", follow=True)
    assert response.redirect_chain[0][1] == 301
    assert response.status_code == 200 and b"<svg" in b"".join(response.streaming_content)
