"""Share links for a campaign: plain addresses of each network's own share page, so that sharing
loads no third-party script and sends nothing to a network until the visitor follows a link.

Networks are offered when the site lists an account there (its footer's social links); email always.
Mastodon has no central share page: the site's own instance's `/share` is used.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from django.utils.translation import gettext as _

SHARE_PAGES = {
    "facebook_url": ("Facebook", lambda url, text, account: "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
    "x_url": ("X", lambda url, text, account: "https://x.com/intent/post?" + urlencode({"url": url, "text": text})),
    "linkedin_url": (
        "LinkedIn", lambda url, text, account: "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})
    ),
    "bluesky_url": ("Bluesky", lambda url, text, account: "https://bsky.app/intent/compose?" + urlencode({"text": f"{text} {url}"})),
    "mastodon_url": (
        "Mastodon",
        lambda url, text, account: f"https://{urlsplit(account).netloc}/share?" + urlencode({"text": f"{text} {url}"}),
    ),
}


@dataclass(frozen=True)
class ShareLink:
    label: str
    url: str
    external: bool = True


def share_links(identity, *, url, title):
    """The share links for the networks `identity` lists, then email."""
    links = []
    for field, (name, share_page) in SHARE_PAGES.items():
        account = getattr(identity, field, "") if identity is not None else ""
        if account:
            links.append(ShareLink(_("Share on %(network)s") % {"network": name}, share_page(url, title, account)))
    mail = "mailto:?" + f"subject={quote(title)}&body={quote(f'{title} {url}')}"
    links.append(ShareLink(_("Send by email"), mail, external=False))
    return links
