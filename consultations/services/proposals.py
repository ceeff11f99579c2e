"""Writes on proposals and their supports.

Rules enforced here (see permissions.py for who may act):
- a proposal is pending under pre-moderation and published at once under post-moderation;
- a double submission of the same form (same one-time key) stores one proposal;
- posting is rate-limited per user; an account less than a day old includes few links, and no
  account posts the same text twice within an hour (consultations/contribution_guards.py);
- a citizen supports a proposal at most once (a database constraint); the public count moves in
  the same transaction as the support row, so it never drifts from the rows;
- a photo is stored as a Wagtail image in the "Contributions des participants" collection, with
  the citizen's description as its alt text; a plan as the proposal's file (checked beforehand in
  consultations/attachments.py); editing with a new one replaces the old one;
- a place on the map is both coordinates or neither (the form checks the area);
- withdrawing keeps the proposal and its discussion, with the status "withdrawn".
- the author follows their new proposal, to hear about its status and its consultation's phases;
- each write bumps, in its transaction, the versions of the consultation (and of the reader for a
  support) so that kept pages show it on the next request (consultations/activity.py).
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .. import activity, contribution_guards, permissions, ratelimits
from ..models import ConsultationPage, Proposal, Support
from .notifications import follow


CONTRIBUTIONS_COLLECTION = "Contributions des participants"


def _contributions_collection():
    from wagtail.models import Collection

    existing = Collection.objects.filter(name=CONTRIBUTIONS_COLLECTION).first()
    if existing:
        return existing
    return Collection.get_first_root_node().add_child(name=CONTRIBUTIONS_COLLECTION)


def _attach(proposal, *, image, image_alt, plan):
    if image is not None:
        from wagtail.images import get_image_model

        stored = get_image_model()(
            title=proposal.title[:255],
            description=image_alt.strip()[:255],
            file=image.file,
            width=image.width,
            height=image.height,
            collection=_contributions_collection(),
            uploaded_by_user=proposal.author,
        )
        stored.save()
        proposal.image = stored
    if plan is not None:
        proposal.plan.save(plan.name, plan, save=False)


def submit_proposal(consultation, *, author, title, body, submission_key=None, tags=(),
                    neighbourhood=None, address="", latitude=None, longitude=None,
                    image=None, image_alt="", plan=None):
    """Create a proposal, with its photo (a consultations.attachments.CleanImage) and plan if
    given. Raises PermissionDenied or ValidationError; returns the proposal."""
    decision = permissions.can_submit_proposal(author, consultation)
    if not decision:
        raise PermissionDenied(decision.reason)
    if submission_key:
        existing = Proposal.objects.filter(author=author, submission_key=submission_key).first()
        if existing:
            return existing
    contribution_guards.check_links(author, title, body)
    ratelimits.consume(author, "proposal")
    published = consultation.moderation == ConsultationPage.Moderation.POST
    proposal = Proposal(
        consultation=consultation,
        author=author,
        title=title.strip(),
        body=body.strip(),
        neighbourhood=neighbourhood,
        address=address.strip(),
        latitude=latitude,
        longitude=longitude,
        status=Proposal.Status.PUBLISHED if published else Proposal.Status.PENDING,
        published_at=timezone.now() if published else None,
    )
    if submission_key:
        proposal.submission_key = submission_key
    proposal.full_clean()
    try:
        with transaction.atomic():
            contribution_guards.hold_author(author)
            if submission_key:
                existing = Proposal.objects.filter(author=author, submission_key=submission_key).first()
                if existing:
                    # The same form, sent again while the first was being written.
                    return existing
            contribution_guards.check_not_repeated(Proposal.objects.filter(author=author), proposal.body)
            _attach(proposal, image=image, image_alt=image_alt, plan=plan)
            proposal.save()
            if tags:
                proposal.tags.set(list(tags))
            follow(proposal, user=author)
            activity.changed(consultations=[consultation.pk], readers=[author.pk])
    except IntegrityError:
        # The same form arrived twice at once: the first one won.
        return Proposal.objects.get(author=author, submission_key=proposal.submission_key)
    return proposal


def edit_proposal(proposal, *, editor, title, body, tags=None, neighbourhood=None, address="",
                  latitude=None, longitude=None, image=None, image_alt="", plan=None):
    """Change a proposal before anyone engaged with it; a new photo or plan replaces the old one.
    Raises PermissionDenied or ValidationError."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("consultation").get(pk=proposal.pk)
        decision = permissions.can_edit_proposal(editor, proposal)
        if not decision:
            raise PermissionDenied(decision.reason)
        contribution_guards.check_links(editor, title, body)
        proposal.title = title.strip()
        proposal.body = body.strip()
        proposal.neighbourhood = neighbourhood
        proposal.address = address.strip()
        proposal.latitude, proposal.longitude = latitude, longitude
        proposal.full_clean()
        _attach(proposal, image=image, image_alt=image_alt, plan=plan)
        if image is None and proposal.image_id and image_alt.strip():
            proposal.image.description = image_alt.strip()[:255]
            proposal.image.save(update_fields=["description"])
        proposal.save()
        if tags is not None:
            proposal.tags.set(list(tags))
        activity.changed(consultations=[proposal.consultation_id])
    return proposal


def withdraw_proposal(proposal, *, author):
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("consultation").get(pk=proposal.pk)
        decision = permissions.can_withdraw_proposal(author, proposal)
        if not decision:
            raise PermissionDenied(decision.reason)
        proposal.status = Proposal.Status.WITHDRAWN
        proposal.save(update_fields=["status", "updated_at"])
        activity.changed(consultations=[proposal.consultation_id])
    return proposal


def support_proposal(proposal, *, user):
    """Add the user's support; supporting twice changes nothing. Returns the proposal."""
    decision = permissions.can_support(user, proposal)
    if not decision:
        raise PermissionDenied(decision.reason)
    ratelimits.consume(user, "support")
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, user=user)
            Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
            activity.changed(consultations=[proposal.consultation_id], readers=[user.pk])
    except IntegrityError:
        pass
    proposal.refresh_from_db(fields=["support_count"])
    return proposal


def withdraw_support(proposal, *, user):
    """Remove the user's support while supports are open. Returns the proposal."""
    if not permissions.support_is_open(proposal.consultation):
        raise PermissionDenied(permissions.can_support(user, proposal).reason)
    with transaction.atomic():
        deleted, _ = Support.objects.filter(proposal=proposal, user=user).delete()
        if deleted:
            Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
            activity.changed(consultations=[proposal.consultation_id], readers=[user.pk])
    proposal.refresh_from_db(fields=["support_count"])
    return proposal
