"""Pages served from the per-process memory of published content (published/memory.py).

Wagtail checks a page's view restrictions, and its ancestors', on every request: two queries.
A page remembered for serving carries that list with it; everywhere else (the admin, moves,
copies) the page asks the database as usual and gets a queryset.
"""

from wagtail.models import Page


class ServedFromMemory(Page):
    class Meta:
        abstract = True

    def get_view_restrictions(self):
        remembered = self.__dict__.get("_remembered_view_restrictions")
        if remembered is not None:
            return remembered
        return super().get_view_restrictions()


def ready_to_serve(page):
    """`page` in its specific form, with its view restrictions, to be remembered for serving."""
    page = page.specific
    page._remembered_view_restrictions = list(Page.get_view_restrictions(page))
    return page
