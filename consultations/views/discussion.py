"""The discussion under a consultation, a local project or a proposal, rendered once and reused.

Its threads are the dearest part of these pages to draw: a dozen translated strings, a date and
two or three forms per comment. What they show depends only on the visible comments and their
authors' names, on the language, and on three things about the reader: signed in or not, allowed
to reply or not, and which comments are theirs. So the rendered threads are kept in the
"fragments" memory cache under a key made of exactly that: a digest of a light query over the
visible comments (a fingerprint of each body rather than the body), the language, and the reader's
variant: anonymous, signed in, may reply, and the reader's own id only when they wrote in this
discussion. Any change to a comment or to an author's name changes the key, so nothing ever has
to be invalidated, and a reader never gets another reader's buttons.

The two things that cannot be shared, the CSRF token and the page's one-time submission key, are
rendered as marks and filled in on each request.
"""

import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db.models.functions import MD5
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..models import Comment
from ..selectors import comment_thread

CSRF_MARK = "csrf-token-of-this-reader"
KEY_MARK = "00000000-0000-4000-8000-00000000c0de"
SECONDS = 600


@dataclass
class Discussion:
    thread_count: int
    threads_html: SafeString
    submission_key: uuid.UUID


def _fingerprint_rows(target, user):
    return list(
        Comment.objects.on(target)
        .visible_to(user)
        .annotate(body_digest=MD5("body"))
        .order_by("created_at", "id")
        .values_list(
            "id", "parent_id", "status", "stance", "edited_at", "deleted_at", "upvote_count", "body_digest",
            "author_id", "author__display_name", "author__first_name", "author__last_name",
            "author__deleted_at",
        )
    )


def discussion(request, target, *, can_comment, url):
    """The threads on `target` for this reader; `url` is the page they are shown on."""
    user = request.user
    rows = _fingerprint_rows(target, user)
    own = user.is_authenticated and any(row[8] == user.pk for row in rows)
    viewer = {
        "is_authenticated": user.is_authenticated,
        # Only a reader who wrote here gets their own variant, with their edit and delete buttons.
        "pk": user.pk if own else None,
    }
    variant = f"{int(user.is_authenticated)}{int(bool(can_comment))}:{viewer['pk']}"
    digest = hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()
    key = f"threads:{type(target).__name__}:{target.pk}:{get_language()}:{variant}:{digest}"
    fragments = caches["fragments"]
    html = fragments.get(key)
    if html is None:
        html = render_to_string(
            "consultations/includes/comment_threads.html",
            {
                "threads": comment_thread(target, user),
                "viewer": viewer,
                "can_comment": bool(can_comment),
                "comment_target": target,
                "discussion_url": url,
                "csrf_token": CSRF_MARK,
                "submission_key": KEY_MARK,
                "CONTENT_LANGUAGE": settings.LANGUAGE_CODE,
            },
        )
        fragments.set(key, html, SECONDS)
    submission_key = uuid.uuid4()
    if rows:
        html = html.replace(CSRF_MARK, get_token(request)).replace(KEY_MARK, str(submission_key))
    return Discussion(
        thread_count=sum(1 for row in rows if row[1] is None),
        threads_html=mark_safe(html),
        submission_key=submission_key,
    )
