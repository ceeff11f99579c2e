"""The discussion under a consultation, a local project or a proposal, rendered once and reused.

Its threads are the dearest part of these pages to draw: a dozen translated strings, a date and
two or three forms per comment. What they show depends only on the comments and their authors'
names, on the language, and on three things about the reader: signed in or not, allowed to reply
or not, and which comments are theirs. So the rendered threads are kept in memory under the
versions of the consultation and of people's names (consultations/activity.py), which change
with any comment, upvote or author's name, and under the reader's variant: anonymous, signed in, may
reply, and the reader's own id only when they wrote in this discussion (their edit and delete
buttons, their comments awaiting moderation). A reader never gets another reader's buttons.

The three things that cannot be shared, the CSRF token, the page's one-time submission key and the
time the forms are shown (consultations/form_guards.py), are rendered as marks and filled in on
each request. The thread templates are rendered without a
request, so they cannot reach `user` or `request`: they know the reader only as `viewer`.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from freshness.sites import page_url

from .. import activity, form_guards, permissions
from ..models import Comment
from ..selectors import comment_thread

CSRF_MARK = "csrf-token-of-this-reader"
KEY_MARK = "00000000-0000-4000-8000-00000000c0de"
STARTED_MARK = "time-this-form-was-shown"


@dataclass
class Discussion:
    thread_count: int
    threads_html: SafeString
    submission_key: uuid.UUID
    form_started: str


def discussion(request, target, *, consultation, can_comment, url):
    """The threads on `target` for this reader; `url` is the page they are shown on."""
    user = request.user
    kind = f"{type(target).__name__}:{target.pk}"
    authors = activity.remembered(
        consultation, f"discussion-authors:{kind}",
        lambda: set(Comment.objects.on(target).values_list("author_id", flat=True)),
    )
    own = user.is_authenticated and user.pk in authors
    viewer = {"is_authenticated": user.is_authenticated, "pk": user.pk if own else None}
    variant = f"{int(user.is_authenticated)}{int(bool(can_comment))}:{viewer['pk']}"

    def render():
        threads = comment_thread(target, user)
        html = render_to_string(
            "consultations/includes/comment_threads.html",
            {
                "threads": threads,
                "viewer": viewer,
                "can_comment": bool(can_comment),
                "comment_target": target,
                "discussion_url": url,
                "csrf_token": CSRF_MARK,
                "submission_key": KEY_MARK,
                "form_started": STARTED_MARK,
                "CONTENT_LANGUAGE": settings.LANGUAGE_CODE,
            },
        )
        return len(threads), html

    thread_count, html = activity.remembered(consultation, f"threads:{kind}:{get_language()}:{variant}", render)
    submission_key = uuid.uuid4()
    form_started = form_guards.issue()
    if CSRF_MARK in html:
        # Only threads with forms ask for a token: a page without one stays shareable
        # (freshness/page_cache.py).
        html = html.replace(CSRF_MARK, get_token(request)).replace(KEY_MARK, str(submission_key))
        html = html.replace(STARTED_MARK, form_started)
    return Discussion(
        thread_count=thread_count, threads_html=mark_safe(html), submission_key=submission_key,
        form_started=form_started,
    )


def discussion_context(target, request, *, consultation, url=None):
    """What a page showing `target`'s discussion needs: its threads and whether one may comment."""
    can_comment = permissions.can_comment(request.user, target, consultation=consultation)
    return {
        "discussion": discussion(
            request, target, consultation=consultation, can_comment=can_comment,
            url=url or page_url(target, request),
        ),
        "can_comment": can_comment,
        "comment_target": target,
    }
