"""Proposal cards, rendered once per state of the consultation and reused.

A list page shows twenty cards, each a dozen translated strings and a few filters: most of the
time a signed-in list took to draw. A card shows only its proposal (title, text, author's name,
place, status, counts, keywords), the language, its heading level and which support button the
reader gets. So each rendered card is kept under the versions of the consultation, of people's
names and of the published content (consultations/activity.py), which change with any of those.
The button submits the page's one support form (`form="support-form"`), so a card holds no CSRF
token of its own.

Lists hand cards `CardEntry`s, the little a page needs to know of a proposal before its card:
lists keep them rather than whole proposals.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from freshness.kept import key_for, memo

from .. import activity, permissions
from ..models import Proposal, Support

NO_BUTTON, SUPPORT, WITHDRAW = "none", "support", "withdraw"


@dataclass(frozen=True)
class CardEntry:
    pk: int
    author_id: int
    status: str

    @classmethod
    def of(cls, proposal):
        return cls(proposal.pk, proposal.author_id, proposal.status)


def supported_among(user, entries):
    if not user.is_authenticated or not entries:
        return set()
    return set(
        Support.objects.filter(user=user, proposal__in=[entry.pk for entry in entries]).values_list(
            "proposal_id", flat=True
        )
    )


def support_button(entry, user, consultation, *, supported):
    """Which button the reader gets on a card: the support service's own rule
    (permissions.can_support_listed), so nobody gets a button that would then fail."""
    if not permissions.can_support_listed(user, consultation, status=entry.status, author_id=entry.author_id):
        return NO_BUTTON
    return WITHDRAW if entry.pk in supported else SUPPORT


def supported_by_reader(consultation, user, entries):
    """Which of `entries` the reader supports, kept under their version."""
    if not user.is_authenticated or not entries:
        return set()
    name = "supported:" + ",".join(str(entry.pk) for entry in entries)
    return activity.remembered_for_reader(consultation, user, name, lambda: supported_among(user, entries))


def proposal_cards(consultation, entries, user, *, heading_level=3):
    """The cards of `entries`, and whether any has a support button."""
    support_open = permissions.support_is_open(consultation)
    supported = supported_by_reader(consultation, user, entries) if support_open else set()
    language = get_language()
    buttons = [support_button(entry, user, consultation, supported=supported) for entry in entries]
    keys = [
        key_for(f"card:{entry.pk}:{heading_level}:{button}:{language}", activity.contribution_keys(consultation))
        for entry, button in zip(entries, buttons, strict=True)
    ]
    found = memo().get_many([key for key in keys if key])
    missing = [entry.pk for entry, key in zip(entries, keys, strict=True) if key not in found]
    if missing:
        proposals = Proposal.objects.filter(pk__in=missing).for_listing().in_bulk()
        for entry, button, key in zip(entries, buttons, keys, strict=True):
            if key in found or entry.pk not in proposals:
                continue
            html = render_to_string(
                "consultations/includes/proposal_card.html",
                {
                    "proposal": proposals[entry.pk],
                    "heading_level": heading_level,
                    "button": button,
                    "LANGUAGE_CODE": language,
                    "CONTENT_LANGUAGE": settings.LANGUAGE_CODE,
                },
            )
            found[key or entry.pk] = html
            if key:
                memo().set(key, html, None)
    cards = []
    for entry, key in zip(entries, keys, strict=True):
        html = found.get(key or entry.pk)
        if html is not None:
            cards.append(mark_safe(html))
    return cards, any(button != NO_BUTTON for button in buttons)
