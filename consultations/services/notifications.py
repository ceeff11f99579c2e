"""Follows and notification emails.

Rules enforced here:
- a signed-in user follows a live consultation or a proposal they can see; following twice keeps
  one follow, unfollowing what one does not follow changes nothing;
- an email goes to an active account that accepts that kind of email: replies to one's comments,
  status changes of one's proposals, new phases and results of what one follows; a user without
  stored preferences accepts them all;
- nobody is told about their own reply, nor about a reply still awaiting moderation;
- each phase of a consultation after the information phase is announced once, to the users who
  follow the consultation or one of its proposals; the results phase respects the "results"
  preference, the other phases the "phase changes" one;
- a proposal's official answer goes to those who follow or support it, one email each, under
  the "answers" preference; a merged proposal's author is told where it now lives, under the
  "decisions on my contributions" one;
- an adopted item that is done or abandoned is announced to those who follow or support the
  proposal, or who follow the consultation of a local project, one email each, under the
  "decisions" preference;
- every email carries a signed one-click unsubscribe link (RFC 8058) for its kind of email, and
  leaves only once the transaction that caused it has committed; other apps send theirs through
  queue_notifications, under the same rules.

There is no per-user language yet: emails are written in the portal's language (LANGUAGE_CODE).
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import activity, permissions
from ..models import (
    BoardDecision,
    Comment,
    ConsultationPage,
    Follow,
    ImplementationUpdate,
    NotificationPreferences,
    PhaseNotice,
    Proposal,
    Statement,
    Support,
    User,
)
from ..phases import ORDER, Phase

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "consultations.notifications.unsubscribe"
KINDS = NotificationPreferences.KINDS


def follow(target, *, user):
    """Make the user follow a consultation or a proposal. Returns the Follow.

    Raises PermissionDenied for an anonymous visitor, a consultation that is not live, or a
    proposal the user may not see.
    """
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to follow a consultation or a proposal."))
    if isinstance(target, ConsultationPage):
        if not target.live:
            raise PermissionDenied(_("This consultation cannot be followed."))
    elif not Proposal.objects.visible_to(user).filter(pk=target.pk).exists():
        raise PermissionDenied(_("This proposal cannot be followed."))
    field = Follow.target_field(target)
    existing = Follow.objects.of(user).on(target).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            created = Follow.objects.create(user=user, **{field: target.pk})
            activity.touch_reader(user.pk)
            return created
    except IntegrityError:
        # Two clicks at once: the first one created the follow.
        return Follow.objects.of(user).on(target).get()


def unfollow(target, *, user):
    """Stop following a consultation or a proposal. Returns whether a follow was removed."""
    if not user.is_authenticated:
        return False
    with transaction.atomic():
        deleted, _details = Follow.objects.of(user).on(target).delete()
        if deleted:
            activity.touch_reader(user.pk)
    return bool(deleted)


def preferences_of(user):
    """The user's preferences; an unsaved default row when they never changed them."""
    return (
        NotificationPreferences.objects.filter(user=user).first()
        or NotificationPreferences(user=user)
    )


def update_preferences(user, **choices):
    """Store which emails the user accepts: from their own settings page or a signed link."""
    unknown = set(choices) - set(KINDS)
    if unknown:
        raise TypeError(f"Unknown notification kinds: {sorted(unknown)}")
    preferences, _created = NotificationPreferences.objects.update_or_create(
        user=user, defaults={kind: bool(value) for kind, value in choices.items()}
    )
    return preferences


def unsubscribe_token(user, kind):
    return signing.dumps([user.pk, kind], salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """The (user, kind) a token was made for. Raises signing.BadSignature when it is not valid."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not (isinstance(payload, list) and len(payload) == 2 and payload[1] in KINDS):
        raise signing.BadSignature("Malformed unsubscribe token")
    user = User.objects.filter(pk=payload[0]).first()
    if user is None:
        raise signing.BadSignature("Unknown user")
    return user, payload[1]


def unsubscribe(token):
    """Turn off the kind of email a signed token names. Anyone holding the token may call it."""
    user, kind = read_unsubscribe_token(token)
    return update_preferences(user, **{kind: False})


def notify_reply(comment):
    """Email the author of the comment replied to. Returns whether an email was queued.

    Called once a reply is published: by post_comment under post-moderation, and by moderation
    when it approves a pending reply.
    """
    if not comment.parent_id or comment.status != Comment.Status.PUBLISHED:
        return False
    parent = comment.parent
    if parent.author_id == comment.author_id or parent.is_deleted:
        return False
    recipient = _recipients(User.objects.filter(pk=parent.author_id), "replies").first()
    if recipient is None:
        return False
    target = comment.target
    base_url = _base_url(permissions.consultation_of(target))
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(
            recipient,
            kind="replies",
            base_url=base_url,
            subject=_("New reply to your comment on “%(title)s”") % {"title": target.title},
            template="consultations/email/notification_reply.txt",
            context={
                "author_name": comment.author.public_name,
                "target_title": target.title,
                "reply": comment.body,
                "url": _absolute(base_url, comment.get_absolute_url()),
            },
        )
    _send_on_commit([message])
    return True


def notify_status_change(item, *, old_status):
    """Email a proposal's, a comment's or an opinion-round statement's author that moderation
    changed its status, with the reason. Returns whether one was queued.

    For the moderation services, after they save the new status; the author's own withdrawal
    is not announced to them. One preference covers all: decisions on one's contributions. Staff's
    statements have no author: nobody is told.
    """
    if item.status == old_status or item.status == Proposal.Status.WITHDRAWN or item.author_id is None:
        return False
    recipient = _recipients(User.objects.filter(pk=item.author_id), "proposal_status").first()
    if recipient is None:
        return False
    consultation = permissions.contribution_consultation(item)
    base_url = _base_url(consultation)
    with translation.override(settings.LANGUAGE_CODE):
        status = item.get_status_display()
        if isinstance(item, Proposal):
            kind = "proposal"
            subject = _("Your proposal “%(title)s”: %(status)s") % {"title": item.title, "status": status}
        elif isinstance(item, Statement):
            kind = "statement"
            subject = _("Your statement in “%(title)s”: %(status)s") % {"title": consultation.title, "status": status}
        else:
            kind = "comment"
            subject = _("Your comment in “%(title)s”: %(status)s") % {"title": consultation.title, "status": status}
        message = _message(
            recipient,
            kind="proposal_status",
            base_url=base_url,
            subject=subject,
            template=f"consultations/email/notification_{kind}_status.txt",
            context={
                kind: item,
                "status": status,
                "published": item.status == Proposal.Status.PUBLISHED,
                "consultation_title": consultation.title,
                "url": _absolute(base_url, _contribution_url(item, consultation)),
                **_moderation_context(item),
                "appeal_url": _appeal_url(recipient, item, base_url),
            },
        )
    _send_on_commit([message])
    return True


def notify_answer(proposal):
    """Once the transaction commits, email the official answer of `proposal` to everyone who
    follows or supports it: one email per person, built and sent in one batch."""
    proposal_id = proposal.pk
    transaction.on_commit(lambda: _send(_answer_messages(proposal_id)), robust=True)


def _answer_messages(proposal_id):
    proposal = Proposal.objects.select_related("consultation").get(pk=proposal_id)
    concerned = User.objects.filter(
        Q(pk__in=Follow.objects.filter(proposal_id=proposal_id).values("user_id"))
        | Q(pk__in=Support.objects.filter(proposal_id=proposal_id).values("user_id"))
    )
    recipients = list(_recipients(concerned, "answers").order_by("pk"))
    consultation = proposal.consultation
    base_url = _base_url(consultation)
    with translation.override(settings.LANGUAGE_CODE):
        status = proposal.get_answer_status_display()
        subject = _("Official answer to “%(title)s”: %(status)s") % {"title": proposal.title, "status": status}
        context = {
            "proposal": proposal,
            "status": status,
            "consultation_title": consultation.title,
            "url": _absolute(base_url, proposal.get_absolute_url()),
        }
        return [
            _message(user, kind="answers", base_url=base_url, subject=subject,
                     template="consultations/email/notification_answer.txt", context=context)
            for user in recipients
        ]


def notify_merge(duplicate, *, into):
    """Email the author of a merged proposal where its supports and followers went. Returns
    whether an email was queued."""
    recipient = _recipients(User.objects.filter(pk=duplicate.author_id), "proposal_status").first()
    if recipient is None:
        return False
    base_url = _base_url(into.consultation)
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(
            recipient,
            kind="proposal_status",
            base_url=base_url,
            subject=_("Your proposal “%(title)s” was merged into “%(into)s”")
            % {"title": duplicate.title, "into": into.title},
            template="consultations/email/notification_merge.txt",
            context={
                "proposal": duplicate,
                "into": into,
                "consultation_title": into.consultation.title,
                "note": duplicate.moderation_note,
                "url": _absolute(base_url, into.get_absolute_url()),
            },
        )
    _send_on_commit([message])
    return True


def notify_implementation(decision):
    """Once the transaction commits, tell the people concerned that an adopted item is done or
    abandoned: those who follow or support the proposal, or who follow the consultation of a
    local project. One email per person, built and sent in one batch."""
    decision_id = decision.pk
    transaction.on_commit(lambda: _send(_implementation_messages(decision_id)), robust=True)


def _implementation_messages(decision_id):
    decision = BoardDecision.objects.select_related("consultation", "local_project", "proposal").get(
        pk=decision_id
    )
    if decision.proposal_id:
        concerned = User.objects.filter(
            Q(pk__in=Follow.objects.filter(proposal_id=decision.proposal_id).values("user_id"))
            | Q(pk__in=Support.objects.filter(proposal_id=decision.proposal_id).values("user_id"))
        )
        url = decision.proposal.get_absolute_url()
    else:
        concerned = User.objects.filter(
            pk__in=Follow.objects.filter(consultation_id=decision.consultation_id).values("user_id")
        )
        url = decision.local_project.get_url() or "/"
    recipients = list(_recipients(concerned, "decisions").order_by("pk"))
    consultation = decision.consultation
    base_url = _base_url(consultation)
    latest = decision.updates.order_by("-date", "-pk").first()
    with translation.override(settings.LANGUAGE_CODE):
        title = decision.item.title
        if decision.stage == ImplementationUpdate.Stage.DONE:
            subject = _("“%(title)s” is done") % {"title": title}
        else:
            subject = _("“%(title)s” is abandoned") % {"title": title}
        context = {
            "title": title,
            "done": decision.stage == ImplementationUpdate.Stage.DONE,
            "consultation_title": consultation.title,
            "update": latest,
            "url": _absolute(base_url, url),
        }
        return [
            _message(user, kind="decisions", base_url=base_url, subject=subject,
                     template="consultations/email/notification_implementation.txt", context=context)
            for user in recipients
        ]


def _contribution_url(item, consultation):
    # A statement is shown in its consultation's opinion round, one at a time: no page of its own.
    if isinstance(item, Statement):
        return consultation.get_url() or "/"
    return item.get_absolute_url()


def _appeal_url(recipient, item, base_url):
    """Where the author may contest the decision or resubmit, while they still may."""
    if not permissions.can_appeal(recipient, item):
        return ""
    kind = {Proposal: "proposals", Statement: "statements"}.get(type(item), "comments")
    return _absolute(base_url, f"{reverse('consultations:account_contributions')}?type={kind}")


def _moderation_context(item):
    reason = item.moderation_reason
    return {
        "reason": reason.label if reason else "",
        "explanation": reason.explanation if reason else "",
        "note": item.moderation_note,
    }


def announce_phase_changes(now=None):
    """Announce the current phase of every live consultation that has not announced it yet.

    Run every few minutes by the announce_phase_changes command. Returns the notices created.
    """
    now = now or timezone.now()
    announced = set(PhaseNotice.objects.values_list("consultation_id", "phase"))
    notices = []
    for consultation in ConsultationPage.objects.live().order_by("pk"):
        phase = consultation.phase_at(now)
        if ORDER.index(phase) <= ORDER.index(Phase.INFORMATION):
            continue
        if (consultation.pk, phase.value) in announced:
            continue
        notice = _announce(consultation, phase)
        if notice is not None:
            notices.append(notice)
    return notices


def _announce(consultation, phase):
    kind = "results" if phase == Phase.RESULTS else "phase_changes"
    with transaction.atomic():
        notice, created = PhaseNotice.objects.get_or_create(consultation=consultation, phase=phase)
        if not created:
            # Another run announced it in the meantime.
            return None
        followers = User.objects.filter(
            Q(follows__consultation=consultation) | Q(follows__proposal__consultation=consultation)
        ).distinct()
        recipients = list(_recipients(followers, kind))
        base_url = _base_url(consultation)
        with translation.override(settings.LANGUAGE_CODE):
            if phase == Phase.RESULTS:
                subject = _("“%(title)s”: the results are published") % {
                    "title": consultation.title,
                }
                template = "consultations/email/notification_results.txt"
            else:
                subject = _("“%(title)s”: %(phase)s phase") % {
                    "title": consultation.title, "phase": str(phase.label).lower(),
                }
                template = "consultations/email/notification_phase.txt"
            context = {
                "consultation": consultation,
                "phase": phase.value,
                "url": _absolute(base_url, consultation.get_url() or "/"),
            }
            messages = [
                _message(user, kind=kind, base_url=base_url, subject=subject, template=template,
                         context=context)
                for user in recipients
            ]
        notice.recipient_count = len(messages)
        notice.save(update_fields=["recipient_count"])
        _send_on_commit(messages)
    return notice


def queue_notifications(users, *, kind, page, subject, template, context, url, context_of=None):
    """Email each of `users` who accepts `kind` (active accounts; no stored preferences: all),
    once the transaction commits, written from the address of `page`'s site, with the one-click
    unsubscribe link for `kind`. For the apps that build on consultations (financing's campaign
    news); call it under the language the emails are written in. `url` (a path or an address) is
    given to the template as an address, as `url`; `context_of` ({user pk: dict}) adds what is
    each recipient's own. Returns how many emails were queued."""
    base_url = _base_url(page)
    context = {**context, "url": _absolute(base_url, url)}
    own = context_of or {}
    messages = [
        _message(
            user, kind=kind, base_url=base_url, subject=subject, template=template,
            context={**context, **own.get(user.pk, {})},
        )
        for user in _recipients(users, kind).order_by("pk")
    ]
    _send_on_commit(messages)
    return len(messages)


def _recipients(users, kind):
    return users.filter(is_active=True, deleted_at__isnull=True).exclude(
        **{f"notification_preferences__{kind}": False}
    )


def _base_url(consultation):
    """The address of the site the consultation belongs to: the portal hosts several."""
    site = consultation.get_site() if consultation is not None else None
    if site is not None:
        return site.root_url.rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _absolute(base_url, url):
    # Wagtail already gives a full URL for a page when the portal serves several sites.
    return url if url.startswith(("http://", "https://")) else base_url + url


def _message(user, *, kind, base_url, subject, template, context):
    """One email to one user; call it under the language the email is written in."""
    unsubscribe_url = base_url + reverse(
        "consultations:notifications_unsubscribe", args=[unsubscribe_token(user, kind)]
    )
    body = render_to_string(
        template,
        {
            **context,
            "user": user,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": base_url + reverse("consultations:account_notifications"),
        },
    )
    return EmailMessage(
        subject=str(subject),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _send_on_commit(messages):
    if not messages:
        return
    # robust: a mail server outage is logged, it must not turn a saved comment or a cron run
    # into an error once the change is committed.
    transaction.on_commit(lambda: _send(messages), robust=True)


def _send(messages):
    if not messages:
        return
    with get_connection() as connection:
        connection.send_messages(messages)
    logger.info("Sent %d notification email(s)", len(messages))
