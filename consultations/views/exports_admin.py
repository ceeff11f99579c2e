"""Exports in the admin (/admin/exports/): the consultations the user may export, each with its
form, and the user's recent exports with their progress and a link to the file when ready.
Elected officials reach it from the menu (they have no page to edit), moderators and editors also
from each consultation's "Export" button in the page explorer.

Someone who may not export a consultation, or a file, gets a 404, never a 403: it does not
reveal what exists. permissions.can_export decides, again at download time.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.widgets import Button

from .. import permissions
from ..export_forms import ExportRequestForm
from ..models import ConsultationPage, ExportFile
from ..selectors import exportable_consultations
from ..services.exports import request_export

INDEX_URL_NAME = "exports:index"
RECENT_JOBS = 20


def may_export_any(user):
    return permissions.can_export_any(user)


def export_url(consultation):
    return f"{reverse(INDEX_URL_NAME)}?consultation={consultation.pk}#export-{consultation.pk}"


class ExportsView(generic.WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/exports/index.html"
    header_icon = "download"
    page_title = gettext_lazy("Exports")
    posted_form = None

    def dispatch(self, request, *args, **kwargs):
        if not may_export_any(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = exportable_consultations(permissions.export_scope(user))
        only = self.request.GET.get("consultation", "")
        if only.isdigit():
            rows = [row for row in rows if row[0].pk == int(only)]
        consultations = []
        for consultation, site in rows:
            form = self.posted_form if self.posted_form and self.posted_form.consultation == consultation else None
            consultations.append({
                "page": consultation,
                "site": site,
                "form": form or ExportRequestForm(
                    consultation=consultation, may_name=bool(permissions.can_export_named(user, consultation))
                ),
            })
        jobs = list(
            ExportFile.objects.requested_by(user).select_related("consultation").order_by("-created_at")[:RECENT_JOBS]
        )
        return super().get_context_data(
            consultations=consultations,
            filtered=only.isdigit(),
            jobs=jobs,
            pending=any(job.is_pending for job in jobs),
            now=timezone.now(),
            kept_days=settings.EXPORTS_KEPT_DAYS,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        posted = request.POST.get("consultation", "")
        consultation = get_object_or_404(ConsultationPage, pk=int(posted) if posted.isdigit() else 0)
        user = request.user
        if not permissions.can_export(user, consultation):
            raise Http404
        form = ExportRequestForm(
            request.POST, consultation=consultation,
            may_name=bool(permissions.can_export_named(user, consultation)),
        )
        if form.is_valid():
            try:
                job = request_export(
                    consultation, user=user, fmt=form.cleaned_data["format"],
                    named=form.cleaned_data.get("named", False),
                )
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, error.messages[0] if hasattr(error, "messages") else str(error))
            else:
                if job.state == ExportFile.State.DONE:
                    messages.success(request, _("Export of “%(title)s” ready.") % {"title": consultation.title})
                elif job.state == ExportFile.State.FAILED:
                    messages.error(request, _("The export of “%(title)s” failed.") % {"title": consultation.title})
                else:
                    messages.success(
                        request,
                        _("Export of “%(title)s” queued: it is written in the background.") % {"title": consultation.title},
                    )
                return redirect(f"{reverse(INDEX_URL_NAME)}#export-jobs")
        self.posted_form = form
        return self.render_to_response(self.get_context_data())


def download(request, pk):
    """The file of a finished export, to whoever may export its consultation now (with names, for a
    named one), until it expires."""
    job = ExportFile.objects.available().select_related("consultation").filter(pk=pk).first()
    if job is None or not job.file:
        raise Http404
    check = permissions.can_export_named if job.named else permissions.can_export
    if not check(request.user, job.consultation):
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=job.download_name)
    response["Cache-Control"] = "private, no-store"
    return response


def export_button(page, user, priority):
    """The "Export" button of a consultation in the page explorer and its header's menu, for
    those who may export it; nothing for other pages."""
    if not issubclass(page.specific_class or type(page), ConsultationPage):
        return []
    if not permissions.can_export(user, page):
        return []
    return [Button(_("Export"), export_url(page), icon_name="download", priority=priority)]
