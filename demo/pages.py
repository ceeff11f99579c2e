"""The page tree of the demo: one site per facility with its home page, editorial pages and
identity (sites.yaml, pages.yaml), and the consultations with their projects (consultations.yaml).

Pages are created and published the way the admin does; a page already there, found by its slug
under its parent, is left as someone may have edited it during the demo.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page, Site

from consultations.models import ConsultationIndexPage, ConsultationPage, LocalProjectPage
from home.models import HomePage, SiteIdentity, StandardPage

from . import data

SITES = data.load("sites")["sites"]
CONSULTATIONS = data.load("consultations")["consultations"]


def seed_sites(created, port=80):
    """One Wagtail site per facility, each with its own home page, served by hostname on `port`,
    the port the portal runs on: the sites' root URLs make the links of emails and of pages that
    lead from one site to another. A site seeded for another port is moved to this one."""
    root = Page.get_first_root_node()
    sites = {}
    for spec in SITES:
        site = Site.objects.filter(hostname=spec["hostname"]).order_by("port").first()
        if site is None and spec["is_default"]:
            site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            home = root.get_children().filter(slug=spec["home"]["slug"]).first()
            if home is None:
                home = root.add_child(
                    instance=HomePage(title=spec["home"]["title"], slug=spec["home"]["slug"])
                )
            site = Site.objects.create(
                hostname=spec["hostname"],
                port=port,
                root_page=home,
                site_name=spec["site_name"],
                is_default_site=False,
            )
            created["sites"] += 1
        if site.hostname == spec["hostname"]:
            _serve_on(site, port, default=spec["is_default"])
        sites[spec["key"]] = site
    return sites


def _serve_on(site, port, *, default):
    # Browsers reach the demo as 127.0.0.1:<port>, which only the default site answers; another
    # site already made the default in the admin is left in charge.
    make_default = (
        default and not site.is_default_site
        and not Site.objects.filter(is_default_site=True).exclude(pk=site.pk).exists()
    )
    if site.port == port and not make_default:
        return
    site.port = port
    site.is_default_site = site.is_default_site or make_default
    site.save()


def seed_editorial_pages(sites, created):
    """How-to, accessibility, legal notice, terms, privacy and cookies pages under each home page."""
    pages = {}
    for spec in SITES:
        home = Page.objects.get(pk=sites[spec["key"]].root_page_id)
        existing = {page.slug: page for page in home.get_children()}
        for page_spec in editorial_pages(spec):
            page = existing.get(page_spec["slug"])
            if page is None:
                page = home.add_child(
                    instance=StandardPage(
                        **{name: value for name, value in page_spec.items() if name != "key"}
                    )
                )
                page.save_revision().publish()
                created["pages"] += 1
            pages[spec["key"], page_spec["key"]] = page
    return pages


def editorial_pages(site):
    """pages.yaml's pages with the site's name, address and contact details filled in."""
    fields = {
        "site_label": site["site_label"],
        "hostname": site["hostname"],
        "contact_email": site["identity"]["contact_email"],
        "contact_phone": site["identity"]["contact_phone"],
        "organisation": data.load("sites")["organisation"],
    }
    return [
        {
            name: value.format_map(fields) if isinstance(value, str) else value
            for name, value in page.items()
        }
        for page in data.load("pages")["pages"]
    ]


def seed_home_pages(sites, pages, images, created):
    """Write home pages that have no body yet: fresh from the migration or from seed_sites."""
    for spec in SITES:
        home = Page.objects.get(pk=sites[spec["key"]].root_page_id).specific
        if not isinstance(home, HomePage) or home.body:
            continue
        texts = spec["home"]
        how_to = pages[spec["key"], "how-to"]
        home.title = texts["title"]
        home.search_description = texts["search_description"]
        home.body = [
            {
                "type": "hero",
                "value": {
                    "heading": texts["hero_heading"],
                    "text": texts["hero_text"],
                    # Abstract illustrations carry no information: screen readers skip them.
                    "image": {
                        "image": images[spec["hero_image"]].pk,
                        "decorative": True,
                        "alt_text": "",
                    },
                    "button_text": how_to.title,
                    "button_page": how_to.pk,
                },
            },
            {"type": "text", "value": texts["about"]},
            {
                "type": "featured",
                "value": {
                    "heading": texts["featured_heading"],
                    "pages": [
                        how_to.pk,
                        pages[spec["key"], "accessibility"].pk,
                        pages[spec["key"], "privacy"].pk,
                    ],
                },
            },
            {
                "type": "call_to_action",
                "value": {
                    "heading": texts["cta_heading"],
                    "text": texts["cta_text"],
                    "button_text": texts["cta_button"],
                    "page": None,
                    "url": texts["cta_url"],
                },
            },
        ]
        home.save_revision().publish()
        created["home_pages"] += 1


def seed_identities(sites, pages, images, created):
    """Name, colours, contact, legal pages and social links of each site, if never filled in."""
    for spec in SITES:
        identity = SiteIdentity.for_site(sites[spec["key"]])
        if identity.organisation_name:
            _add_missing_legal_pages(identity, spec, pages)
            continue
        for field, value in spec["identity"].items():
            setattr(identity, field, value)
        identity.logo = images[spec["logo"]]
        identity.default_social_image = images[spec["social_image"]]
        identity.legal_notice_page = pages[spec["key"], "legal-notice"]
        identity.terms_page = pages[spec["key"], "terms"]
        identity.privacy_page = pages[spec["key"], "privacy"]
        identity.cookies_page = pages[spec["key"], "cookies"]
        identity.accessibility_page = pages[spec["key"], "accessibility"]
        identity.full_clean()
        identity.save()
        created["identities"] += 1


def _add_missing_legal_pages(identity, spec, pages):
    # Demos seeded before the terms and cookies pages existed get them; a page an editor chose
    # is kept.
    missing = {
        field: pages[spec["key"], key]
        for field, key in (("terms_page", "terms"), ("cookies_page", "cookies"))
        if getattr(identity, f"{field}_id") is None
    }
    if missing:
        for field, page in missing.items():
            setattr(identity, field, page)
        identity.save(update_fields=list(missing))


def seed_consultations(sites, images, documents, places, created):
    """The list of consultations of each site that has one, and every consultation with its
    projects, published. Returns (spec, page) pairs in the order of consultations.yaml."""
    anchor = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    indexes = {
        spec["key"]: _seed_index(sites[spec["key"]], spec["consultations"], created)
        for spec in SITES
        if "consultations" in spec
    }
    seeded = []
    for spec in CONSULTATIONS:
        index = indexes[spec["site"]]
        page = ConsultationPage.objects.child_of(index).filter(slug=spec["page"]["slug"]).first()
        if page is None:
            page = _moved_from_another_site(spec, index, indexes.values())
        if page is None:
            page = _create_consultation(spec, index, anchor, images, documents, places)
            created["consultations"] += 1
        existing = set(LocalProjectPage.objects.child_of(page).values_list("slug", flat=True))
        for project_spec in spec.get("projects", ()):
            if project_spec["slug"] not in existing:
                fields = {
                    name: value
                    for name, value in project_spec.items()
                    if name not in ("appeal", "image")
                }
                project = page.add_child(
                    instance=LocalProjectPage(
                        **fields,
                        image=images.get(project_spec.get("image", "")),
                        search_description=fields["summary"],
                    )
                )
                project.save_revision().publish()
                created["projects"] += 1
        seeded.append((spec, page))
    return seeded


def _moved_from_another_site(spec, index, indexes):
    """A consultation that an earlier demo placed on another site's list (before each facility
    had its own), moved to its own with its contributions; None if there is none."""
    elsewhere = [other for other in indexes if other.pk != index.pk]
    earlier = None
    for other in elsewhere:
        earlier = ConsultationPage.objects.child_of(other).filter(slug=spec["page"]["slug"]).first()
        if earlier is not None:
            break
    if earlier is None:
        return None
    earlier.move(index, pos="last-child")
    return ConsultationPage.objects.get(pk=earlier.pk)


def _seed_index(site, spec, created):
    home = Page.objects.get(pk=site.root_page_id)
    index = home.get_children().filter(slug=spec["slug"]).first()
    if index is None:
        index = home.add_child(
            instance=ConsultationIndexPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                search_description=spec["intro"],
                show_in_menus=True,
            )
        )
        index.save_revision().publish()
        created["index_pages"] += 1
    return index


def _create_consultation(spec, index, anchor, images, documents, places):
    dates = {name: anchor + timedelta(days=offset) for name, offset in spec["days"].items()}
    page = ConsultationPage(
        **spec["page"],
        search_description=spec["page"]["summary"],
        facility=places.facilities.get(spec.get("facility", "")),
        image=images.get(spec.get("image", "")),
        context=[_resolve_block(block, images, documents) for block in spec["context"]],
        **dates,
    )
    page.neighbourhoods = [places.neighbourhoods[name] for name in spec.get("neighbourhoods", ())]
    page.tags.add(*spec.get("tags", ()))
    page = index.add_child(instance=page)
    page.save_revision().publish()
    # Dated back to when the consultation was announced, three weeks before its first phase,
    # so that the list of consultations shows the older ones last.
    announced = min(min(dates.values()) - timedelta(days=21), timezone.now())
    Page.objects.filter(pk=page.pk).update(
        first_published_at=announced, last_published_at=announced
    )
    return page


def _resolve_block(block, images, documents):
    """Swap the image and document keys of a context block for primary keys."""
    if block["type"] == "image":
        return {**block, "value": {**block["value"], "image": images[block["value"]["image"]].pk}}
    if block["type"] == "document":
        document = documents[block["value"]["document"]]
        return {**block, "value": {**block["value"], "document": document.pk}}
    return block
