"""Share links for a campaign: plain addresses of each network's own share page, so that sharing
loads no third-party script and sends nothing to a network until the visitor follows a link.

Networks are offered when the site lists an account there (its footer's social links); email always.
Mastodon has no central share page: the share page of the instance the site's account is on is used.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ShareLink:
    label: str
    url: str
    external: bool = True


def _facebook(url, text, account):
    return "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})


def _x(url, text, account):
    return "https://x.com/intent/post?" + urlencode({"url": url, "text": text})


def _linkedin(url, text, account):
    return "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})


def _bluesky(url, text, account):
    return "https://bsky.app/intent/compose?" + urlencode({"text": f"{text} {url}"})


def _mastodon(url, text, account):
    return f"https://{urlsplit(account).netloc}/share?" + urlencode({"text": f"{text} {url}"})


# SiteIdentity's field for the site's account → (network, its share page).
SHARE_PAGES = {
    "facebook_url": ("Facebook", _facebook),
    "x_url": ("X", _x),
    "linkedin_url": ("LinkedIn", _linkedin),
    "bluesky_url": ("Bluesky", _bluesky),
    "mastodon_url": ("Mastodon", _mastodon),
}


def share_links(identity, *, url, title):
    """The share links for the networks `identity` lists, then email."""
    links = []
    for field, (network, share_page) in SHARE_PAGES.items():
        account = getattr(identity, field, "") if identity is not None else ""
        if account:
            label = _("Share on %(network)s") % {"network": network}
            links.append(ShareLink(label, share_page(url, title, account)))
    mail = f"mailto:?subject={quote(title)}&body={quote(f'{title} {url}')}"
    links.append(ShareLink(_("Send by email"), mail, external=False))
    return links
