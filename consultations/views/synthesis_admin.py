"""Recompute a synthesis's frozen figures from the admin (synthesis/snapshots.py holds the rules):
a page showing the current computation and the earlier ones, and a form with the reason."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.widgets import Button

from .. import permissions
from ..models import SynthesisPage, SynthesisSnapshot
from ..synthesis import snapshots

URL_NAME = "synthesis_recompute"


def recompute(request, pk):
    page = get_object_or_404(SynthesisPage, pk=pk)
    consultation = page.get_parent().specific
    if not permissions.can_record_decisions(request.user, consultation):
        raise PermissionDenied
    if request.method == "POST":
        if not snapshots.is_closed(consultation):
            messages.error(request, _("The consultation is still open: its figures are not frozen yet."))
        else:
            snapshot = snapshots.recompute(page, by=request.user, reason=request.POST.get("reason", "")[:300])
            messages.success(request, _("Figures recomputed; SHA-256 digest: %(digest)s.") % {"digest": snapshot.digest})
        return redirect(reverse(URL_NAME, args=[page.pk]))
    history = SynthesisSnapshot.objects.filter(page=page).select_related("created_by").defer("figures")
    return TemplateResponse(request, "consultations/admin/synthesis_recompute.html", {
        "page": page, "consultation": consultation, "history": history,
        "closed": snapshots.is_closed(consultation), "page_title": _("Figures of the synthesis"),
        "page_subtitle": page.title,
    })


def recompute_button(page, user, priority):
    if not issubclass(page.specific_class or type(page), SynthesisPage):
        return []
    consultation = page.get_parent().specific
    if not permissions.can_record_decisions(user, consultation):
        return []
    return [Button(_("Figures and recomputation"), reverse(URL_NAME, args=[page.pk]), icon_name="history",
                   priority=priority)]
