from wagtail.models import Page

from .kept import kept
from .versions import CONTENT


class KeptViewRestrictions(Page):
    """Wagtail checks a page's view restrictions, and its ancestors', on every request: two
    queries. A page being served (`serving()`) reads them from memory, kept under the content
    version, which privacy changes bump (freshness/published.py); elsewhere (the admin, moves,
    copies) the page asks the database as usual and gets a queryset."""

    class Meta:
        abstract = True

    def serving(self):
        restrictions = kept(f"view-restrictions:{self.pk}", [CONTENT], lambda: list(Page.get_view_restrictions(self)))
        self.__dict__["view_restrictions_for_serving"] = restrictions
        return self

    def get_view_restrictions(self):
        restrictions = self.__dict__.get("view_restrictions_for_serving")
        return super().get_view_restrictions() if restrictions is None else restrictions
