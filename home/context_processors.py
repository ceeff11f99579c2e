from django.conf import settings


def content_language(request):
    """The language editors write in; marked on their text so screen readers switch voice when
    the interface is shown in another language (WCAG 3.1.2)."""
    return {"CONTENT_LANGUAGE": settings.LANGUAGE_CODE}


def site_memo(request):
    """How long the fragments kept with `{% cache %}` in the "sites" cache live (home/site_memo.py)."""
    return {"SITE_MEMO_SECONDS": settings.SITE_MEMO_SECONDS}
