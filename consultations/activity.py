"""Activity stamps: what pages built from citizens' contributions may be kept under.

A consultation's stamp changes whenever something its pages show from contributions changes: a
proposal, a comment, a support or an upvote is added, changed or removed, anywhere in it (its
proposals, its projects, the consultation itself). One more stamp, shared by all consultations,
changes when a participant's public name changes or their account is erased, and each reader
has a stamp of their own, which changes when they follow, support or vote.

Pages keep what they build from contributions (counts, pages of proposal ids, proposals, comment
threads) in the per-process "fragments" cache under the two stamps, and what is the reader's own
(what they follow, support, voted) under theirs as well. Stamps live in the shared default cache
(the database cache table, or Redis): a page reads the three in one go. A change drops the stamp
at once and again once its transaction has committed, and the next reader deals a new one: a
page built in between, from the state before the commit, is left under a stamp nobody reads any
more. Every write through the ORM does so: saves and deletions through the model signals below
(the services' and the admin's alike), `update()` through the proposals' and comments'
querysets. Only `bulk_create` does not (the demo seed, before anyone reads). A stamp lost from
the cache is replaced by a new one: losing the cache only costs a rebuild.
"""

import hashlib
import uuid

from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

SECONDS = 7 * 24 * 3600
PEOPLE = "activity:people"


def _key(consultation_id):
    return f"activity:consultation:{consultation_id}"


def _reader_key(user_id):
    return f"activity:reader:{user_id}"


def _read(consultation, user):
    """Read the stamps a page needs in one go and keep them on the page object."""
    memo = consultation.__dict__.setdefault("_activity_stamps", {})
    keys = [key for key in (_key(consultation.pk), PEOPLE) if key not in memo]
    if user is not None and user.is_authenticated and _reader_key(user.pk) not in memo:
        keys.append(_reader_key(user.pk))
    if keys:
        found = cache.get_many(keys)
        for key in keys:
            if key not in found:
                found[key] = uuid.uuid4().hex
                cache.add(key, found[key], SECONDS)
        memo.update(found)
    return memo


def stamps(consultation, user=None):
    """The consultation's stamp and the people stamp (read along with the reader's own, when
    `user` is given, so that a page costs one read)."""
    memo = _read(consultation, user)
    return f"{memo[_key(consultation.pk)]}.{memo[PEOPLE]}"


def _remember(key, compute, seconds):
    fragments = caches["fragments"]
    # Keys carry what readers type (a search): hashed, they stay short and free of spaces.
    key = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    value = fragments.get(key)
    if value is None:
        value = compute()
        fragments.set(key, value, seconds)
    return value


def remembered(consultation, name, compute, seconds=600):
    """`compute()`'s value for this state of the consultation's contributions."""
    return _remember(f"{name}:{stamps(consultation)}", compute, seconds)


def remembered_for_reader(consultation, user, name, compute, seconds=600):
    """`compute()`'s value for this reader and this state of the consultation: what they follow,
    support or voted, which changes with the consultation or with their own actions."""
    memo = _read(consultation, user)
    key = f"{name}:{user.pk}:{memo[_reader_key(user.pk)]}:{stamps(consultation)}"
    return _remember(key, compute, seconds)


def _restamp(key):
    # Dropping the stamp is enough (the next reader deals a new one) and costs one statement on
    # the database cache, where setting one costs five.
    cache.delete(key)
    if transaction.get_connection().in_atomic_block:
        # Once more after the commit: a page built in between, from the state before it, is
        # left under a stamp nobody reads any more.
        transaction.on_commit(lambda: cache.delete(key))


def touch(consultation_id):
    if consultation_id is not None:
        _restamp(_key(consultation_id))


def touch_people():
    _restamp(PEOPLE)


def touch_reader(user_id):
    if user_id is not None:
        _restamp(_reader_key(user_id))


def _project_consultation_id(project_id):
    from wagtail.models import Page

    project = Page.objects.filter(pk=project_id).first()
    parent = project.get_parent() if project else None
    return parent.pk if parent else None


def consultation_id_of_comment(comment):
    from .models import Proposal

    if comment.consultation_id:
        return comment.consultation_id
    if comment.proposal_id:
        return Proposal.objects.filter(pk=comment.proposal_id).values_list("consultation_id", flat=True).first()
    return _project_consultation_id(comment.local_project_id)


def touch_comments(comments):
    """For `update()` on comments, which sends no signal: the consultations they are in."""
    rows = comments.values_list("consultation_id", "proposal__consultation_id", "local_project_id").distinct()
    for consultation_id, proposal_consultation_id, project_id in rows:
        touch(consultation_id or proposal_consultation_id or _project_consultation_id(project_id))


def touch_proposals(proposals):
    """For `update()` on proposals, which sends no signal: the consultations they are in."""
    for consultation_id in set(proposals.values_list("consultation_id", flat=True)):
        touch(consultation_id)


def _proposal_changed(sender, instance, **kwargs):
    touch(instance.consultation_id)


def _comment_changed(sender, instance, **kwargs):
    touch(consultation_id_of_comment(instance))


def _support_changed(sender, instance, **kwargs):
    from .models import Proposal

    if sender._meta.get_field("proposal").is_cached(instance):  # the services hand it over
        touch(instance.proposal.consultation_id)
    else:
        touch_proposals(Proposal.objects.filter(pk=instance.proposal_id))
    touch_reader(instance.user_id)


def _reader_acted(sender, instance, **kwargs):
    touch_reader(getattr(instance, "user_id", None) or getattr(instance, "voter_id", None))


def _upvote_changed(sender, instance, **kwargs):
    from .models import Comment

    touch_comments(Comment.objects.filter(pk=instance.comment_id))


# What User.public_name is made of: only a save that may change one of them restamps everyone.
PUBLIC_NAME_FIELDS = {"display_name", "first_name", "last_name", "deleted_at"}


def _person_changed(sender, instance, created=False, update_fields=None, **kwargs):
    if created or (update_fields is not None and not PUBLIC_NAME_FIELDS & set(update_fields)):
        return
    touch_people()


def connect():
    from django.contrib.auth import get_user_model

    from .models import Ballot, Comment, CommentUpvote, Follow, Proposal, Support

    for model, receiver in (
        (Proposal, _proposal_changed),
        (Comment, _comment_changed),
        (Support, _support_changed),
        (CommentUpvote, _upvote_changed),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"activity_save_{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"activity_delete_{model.__name__}")
    post_save.connect(_person_changed, sender=get_user_model(), dispatch_uid="activity_person")
    for model in (Follow, Ballot):
        post_save.connect(_reader_acted, sender=model, dispatch_uid=f"activity_reader_save_{model.__name__}")
        post_delete.connect(_reader_acted, sender=model, dispatch_uid=f"activity_reader_delete_{model.__name__}")
