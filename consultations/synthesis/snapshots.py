"""When a synthesis's figures are computed, frozen and recomputed.

- While the consultation is open, the page shows provisional figures, computed once per state of
  its contributions (activity.remembered), never frozen.
- Once it has closed (its open data is published: permissions.can_download_open_data), the first
  view, or `freeze_syntheses` run daily, freezes them: a SynthesisSnapshot with the SHA-256 digest
  of the open data they come from. From then on the page shows that snapshot and never moves,
  whatever happens to the data (an account erased, a comment hidden later).
- A moderator or an editor of the consultation may recompute it (`recompute`): a new snapshot,
  logged on the page ("consultations.synthesis_recomputed"); the earlier ones stay listed.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log

from .. import activity, permissions
from ..models import ConsultationPage, SynthesisPage, SynthesisSnapshot
from . import figures
from .digest import current_digest

LOG_RECOMPUTED = "consultations.synthesis_recomputed"


def is_closed(consultation):
    return bool(permissions.can_download_open_data(consultation))


def latest(page):
    return SynthesisSnapshot.objects.filter(page=page).order_by("-created_at", "-pk").first()


def _take(page, consultation, *, by=None, reason=""):
    return SynthesisSnapshot.objects.create(
        page=page, created_by=by, reason=reason,
        figures=figures.compute(consultation), digest=current_digest(consultation),
    )


def freeze(page, consultation):
    """The page's snapshot, taken now if there is none yet (under a lock on the page: two first
    views at once take one snapshot)."""
    snapshot = latest(page)
    if snapshot is not None:
        return snapshot
    with transaction.atomic():
        SynthesisPage.objects.select_for_update().filter(pk=page.pk).first()
        return latest(page) or _take(page, consultation)


def recompute(page, *, by, reason=""):
    consultation = page.get_parent().specific
    if not permissions.can_record_decisions(by, consultation):
        raise PermissionDenied
    with transaction.atomic():
        SynthesisPage.objects.select_for_update().filter(pk=page.pk).first()
        previous = latest(page)
        snapshot = _take(page, consultation, by=by, reason=reason.strip())
        log(page, LOG_RECOMPUTED, user=by, data={
            "digest": snapshot.digest, "previous_digest": previous.digest if previous else "",
            "reason": snapshot.reason,
        })
        activity.touch(consultation.pk)
    return snapshot


def shown(page, consultation):
    """What the page shows: the frozen figures once closed, else provisional ones."""
    if is_closed(consultation):
        snapshot = freeze(page, consultation)
        earlier = list(SynthesisSnapshot.objects.filter(page=page).exclude(pk=snapshot.pk)
                       .order_by("-created_at", "-pk").only("pk", "created_at", "digest", "reason", "page_id"))
        return {"figures": snapshot.figures, "snapshot": snapshot, "earlier_snapshots": earlier, "provisional": False}
    data = activity.remembered(consultation, "synthesis-figures", lambda: figures.compute(consultation))
    return {"figures": data, "snapshot": None, "earlier_snapshots": [], "provisional": True}


def freeze_closed():
    """Freeze every live synthesis whose consultation has closed; returns how many were frozen."""
    count = 0
    for page in SynthesisPage.objects.live().filter(snapshots__isnull=True):
        consultation = ConsultationPage.objects.get(pk=page.get_parent().pk)
        if is_closed(consultation):
            freeze(page, consultation)
            count += 1
    return count
