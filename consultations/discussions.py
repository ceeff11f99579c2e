"""Discussions on pages outside any consultation (a financing campaign), with the comments of
consultations: threads, replies, upvotes, reports, moderation, notifications.

Every comment belongs to a consultation, except those on a page whose app registered the rules
of its discussion here (`register`), from its AppConfig.ready(); `consultations` never imports
those apps, they import it. A registered page type's rules say:

- `is_open(page)`: whether the discussion takes comments now (a Decision: permissions.ALLOWED, or
  why not); comments stay readable after it closes. Default: open.
- `may_take_part(user, page)`: whether this reader may comment, reply and upvote. Default: a
  signed-in account with a confirmed email, not suspended (permissions.can_take_part_anywhere).
- `moderation(page)`: "pre" (comments wait for a moderator) or "post". Default: "post", the
  default of consultations.

The page's place in the tree names its site: that site's moderators moderate its comments, and
emails link to that site.

`PageDiscussion` answers, for such a page, what the comment code asks of a comment's consultation
(permissions.consultation_of): its id (the version of what its pages keep, consultations/
activity.py: the page's id, unique among pages, names a key of its own), its tree path, title,
site and moderation mode.
"""

from dataclasses import dataclass
from typing import Callable


def _always_open(page):
    from .permissions import ALLOWED

    return ALLOWED


def _anyone_taking_part(user, page):
    from .permissions import can_take_part_anywhere

    return can_take_part_anywhere(user)


def _post_moderation(page):
    return "post"


@dataclass(frozen=True)
class DiscussionRules:
    is_open: Callable = _always_open
    may_take_part: Callable = _anyone_taking_part
    moderation: Callable = _post_moderation


_registry = {}


def register(model, **rules):
    """Let citizens discuss pages of type `model` under these rules (see the module's text)."""
    _registry[model] = DiscussionRules(**rules)


def rules_for(page_class):
    for model in page_class.__mro__:
        if model in _registry:
            return _registry[model]
    return None


def discussed_page_types():
    return tuple(_registry)


def page_class_of(page):
    """The page's own type, read from its content type (kept in memory) for a plain Page."""
    return getattr(page, "specific_class", None) or type(page)


def page_discussion(page):
    """The discussion of a page of a registered type, or None."""
    rules = rules_for(page_class_of(page))
    return PageDiscussion(page, rules) if rules is not None else None


class PageDiscussion:
    """What the comment code asks of a comment's consultation, for a discussed page."""

    is_page_discussion = True

    def __init__(self, page, rules):
        self.page = page
        self.rules = rules
        self.pk = page.pk
        self.path = page.path
        self.title = page.title

    @property
    def specific(self):
        return self.page.specific

    @property
    def moderation(self):
        return self.rules.moderation(self.specific)

    def is_open(self):
        return self.rules.is_open(self.specific)

    def may_take_part(self, user):
        return self.rules.may_take_part(user, self.specific)

    def get_site(self):
        return self.page.get_site()

    @property
    def url(self):
        return self.page.url

    def get_url(self, *args, **kwargs):
        # Pages that name the consultation link to it (consultations/not_eligible.html).
        return self.page.get_url(*args, **kwargs)

    @property
    def url_path(self):
        return self.page.url_path

    def __eq__(self, other):
        return isinstance(other, PageDiscussion) and other.pk == self.pk

    def __hash__(self):
        return hash(("discussion", self.pk))


def discussed_page(pk):
    """The live, public page `pk` of a registered type, as its own type; Page.DoesNotExist
    otherwise (a draft, a page behind a restriction, a page nobody discusses)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    types = ContentType.objects.get_for_models(*_registry).values()
    return Page.objects.live().public().filter(content_type__in=types).specific().get(pk=pk)
