"""Proposal cards, rendered once per state of the consultation and reused.

A list page shows twenty cards, each a dozen translated strings and a few filters: most of the
time a signed-in list took to draw. A card shows only its proposal (title, text, author's name,
place, status, counts, keywords), the language, its heading level and which support button the
reader gets. So each rendered card is kept in the "fragments" cache under the consultation's
activity stamps (consultations/activity.py), which change with any of those. The button submits
the page's one support form (`form="support-form"`), so a card holds no CSRF token of its own.

Lists hand cards `CardEntry`s, the little a page needs to know of a proposal before its card:
lists remember them rather than whole proposals.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import activity
from ..models import Proposal, Support

SECONDS = 600
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


def support_button(entry, user, *, support_open, supported):
    """Which button the reader gets on a card: the rule the support service applies."""
    if not (support_open and user.is_authenticated):
        return NO_BUTTON
    if entry.author_id == user.pk or entry.status != Proposal.Status.PUBLISHED:
        return NO_BUTTON
    return WITHDRAW if entry.pk in supported else SUPPORT


def supported_by_reader(consultation, user, entries):
    """Which of `entries` the reader supports, kept under their activity stamp."""
    if not user.is_authenticated or not entries:
        return set()
    name = "supported:" + ",".join(str(entry.pk) for entry in entries)
    return activity.remembered_for_reader(consultation, user, name, lambda: supported_among(user, entries))


def proposal_cards(consultation, entries, user, *, support_open, heading_level=3):
    """The cards of `entries`, and whether any has a support button."""
    supported = supported_by_reader(consultation, user, entries) if support_open else set()
    language = get_language()
    stamps = activity.stamps(consultation)
    buttons = [support_button(e, user, support_open=support_open, supported=supported) for e in entries]
    keys = [
        f"card:{entry.pk}:{heading_level}:{button}:{language}:{stamps}"
        for entry, button in zip(entries, buttons, strict=True)
    ]
    fragments = caches["fragments"]
    found = fragments.get_many(keys)
    missing = [entry.pk for entry, key in zip(entries, keys, strict=True) if key not in found]
    if missing:
        proposals = Proposal.objects.filter(pk__in=missing).for_listing().in_bulk()
        for entry, button, key in zip(entries, buttons, keys, strict=True):
            if key in found or entry.pk not in proposals:
                continue
            found[key] = render_to_string(
                "consultations/includes/proposal_card.html",
                {
                    "proposal": proposals[entry.pk],
                    "heading_level": heading_level,
                    "button": button,
                    "LANGUAGE_CODE": language,
                    "CONTENT_LANGUAGE": settings.LANGUAGE_CODE,
                },
            )
            fragments.set(key, found[key], SECONDS)
    cards = [mark_safe(found[key]) for key in keys if key in found]
    return cards, any(button != NO_BUTTON for button in buttons)
