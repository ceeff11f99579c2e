"""Proposal cards, rendered once per state and reused.

A list page shows twenty cards, each a dozen translated strings and a few filters: most of the
time a signed-in list took to draw. A card shows only its proposal (title, text, author's name,
place, status, counts, keywords), the language, its heading level and which support button the
reader gets. So each rendered card is kept in the "fragments" memory cache under a digest of
exactly those; when any of them changes, so does the key. The button submits the page's one
support form (`form="support-form"`), so a card holds no CSRF token and no address of its own.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..models import Proposal, Support

SECONDS = 600
NO_BUTTON, SUPPORT, WITHDRAW = "none", "support", "withdraw"


def supported_among(user, proposals):
    if not user.is_authenticated:
        return set()
    return set(
        Support.objects.filter(user=user, proposal__in=[p.pk for p in proposals]).values_list(
            "proposal_id", flat=True
        )
    )


def support_button(proposal, user, *, support_open, supported):
    """Which button the reader gets on a card: the rule the support service applies."""
    if not (support_open and user.is_authenticated):
        return NO_BUTTON
    if proposal.author_id == user.pk or proposal.status != Proposal.Status.PUBLISHED:
        return NO_BUTTON
    return WITHDRAW if proposal.pk in supported else SUPPORT


def _key(proposal, heading_level, button, language):
    shown = (
        proposal.pk, proposal.title, proposal.body, proposal.status, proposal.support_count,
        proposal.comment_count, proposal.created_at, proposal.author.public_name,
        proposal.neighbourhood.name if proposal.neighbourhood_id else None,
        [tag.name for tag in proposal.keywords],
    )
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    return f"card:{proposal.pk}:{heading_level}:{button}:{language}:{digest}"


def proposal_cards(proposals, user, *, support_open, heading_level=3):
    """The cards of `proposals` (read with `for_listing()`), and whether any has a button."""
    proposals = list(proposals)
    supported = supported_among(user, proposals) if support_open else set()
    language = get_language()
    buttons = [support_button(p, user, support_open=support_open, supported=supported) for p in proposals]
    keys = [_key(p, heading_level, b, language) for p, b in zip(proposals, buttons, strict=True)]
    fragments = caches["fragments"]
    found = fragments.get_many(keys)
    cards = []
    for proposal, button, key in zip(proposals, buttons, keys, strict=True):
        html = found.get(key)
        if html is None:
            html = render_to_string(
                "consultations/includes/proposal_card.html",
                {
                    "proposal": proposal,
                    "heading_level": heading_level,
                    "button": button,
                    "LANGUAGE_CODE": language,
                    "CONTENT_LANGUAGE": settings.LANGUAGE_CODE,
                },
            )
            fragments.set(key, html, SECONDS)
        cards.append(mark_safe(html))
    return cards, any(button != NO_BUTTON for button in buttons)
