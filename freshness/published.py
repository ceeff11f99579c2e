"""The published-content version follows what editors publish and set up.

Wagtail tells when a page is published (by an editor, a workflow or the scheduled-publishing
command, in whatever process), unpublished, moved or deleted: each bumps the "content" version,
so every process draws pages from the new tree on its next request. Sites, privacy settings and
the apps' editorial settings (`EDITORIAL_MODELS`) are saved by Wagtail's admin views without a
signal of Wagtail's own: their model signals bump it, inside the transaction that saves them.
Citizens' contributions never pass through here: their services bump their own versions.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .versions import CONTENT, bump


def content_changed(**kwargs):
    bump(CONTENT)


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(content_changed, dispatch_uid=f"freshness_{signal!r}")
post_delete.connect(content_changed, sender=Page, dispatch_uid="freshness_page_deleted")

for label in ["wagtailcore.Site", "wagtailcore.PageViewRestriction", *settings.FRESHNESS_EDITORIAL_MODELS]:
    model = apps.get_model(label)
    post_save.connect(content_changed, sender=model, dispatch_uid=f"freshness_saved_{label}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"freshness_deleted_{label}")
