"""The board's decisions in the admin: the consultations whose decisions one may record, and for
each its decisions, the « Décisions » sheet to download, the filled-in sheet to upload, a preview
of what it changes, then its application (services/decisions.py holds every rule)."""

from functools import reduce
from operator import or_

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views import generic

from .. import budget_results, decision_sheet, permissions
from ..models import ConsultationPage
from ..decision_reads import decision_items, decisions
from ..services import decisions as decision_service

INDEX_URL_NAME = "board_decisions:index"
CONSULTATION_URL_NAME = "board_decisions:consultation"


def consultation_url(consultation):
    return reverse(CONSULTATION_URL_NAME, args=[consultation.pk])


def may_record_somewhere(user):
    # The moderation menu has already read a moderator's scope: no query of its own for them.
    if not user.is_authenticated:
        return False
    if user.has_perm("consultations.moderate_proposal") and permissions.moderation_scope(user):
        return True
    return bool(permissions.editing_scope(user))


class SheetUploadForm(forms.Form):
    sheet = forms.FileField(
        label=gettext_lazy("Filled-in « Décisions » workbook (.xlsx)"),
        help_text=gettext_lazy(
            "The workbook downloaded here or exported for the officials, with the board's columns "
            "filled in. Every row is checked before anything changes."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + decision_sheet.XLSX_MIME}),
    )


class DecisionsMixin(generic.WagtailAdminTemplateMixin):
    header_icon = "tasks"
    page_title = gettext_lazy("Board decisions")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse(INDEX_URL_NAME), "label": _("Board decisions")}]


class IndexView(DecisionsMixin, TemplateView):
    template_name = "consultations/admin/decisions/index.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_record_somewhere(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        roots = permissions.staff_scope(self.request.user)
        consultations = (
            ConsultationPage.objects.filter(reduce(or_, (Q(path__startswith=root) for root in roots)))
            .annotate(decision_count=Count("board_decisions"))
            .order_by(F("decision_at").desc(nulls_last=True), "title")
            .only("pk", "title", "vote_closes_at", "proposals_closes_at", "decision_at", "path", "depth")
        )
        return super().get_context_data(consultations=consultations, **kwargs)


class ConsultationView(DecisionsMixin, TemplateView):
    """One consultation's decisions and the upload of a filled-in sheet (POST gives the preview)."""

    template_name = "consultations/admin/decisions/consultation.html"
    plan = None
    form = None

    @cached_property
    def consultation(self):
        consultation = get_object_or_404(ConsultationPage, pk=self.kwargs["pk"])
        if not permissions.can_record_decisions(self.request.user, consultation):
            raise PermissionDenied
        return consultation

    def get_page_subtitle(self):
        return self.consultation.title

    def get_breadcrumbs_items(self):
        # The page's h1 is for screen readers only: the breadcrumb shows which consultation this is.
        return super().get_breadcrumbs_items() + [{"url": None, "label": self.consultation.title}]

    def get_context_data(self, **kwargs):
        plan = self.plan
        return super().get_context_data(
            consultation=self.consultation,
            decisions=decisions(self.consultation),
            funding=budget_results.funding(self.consultation) if self.consultation.is_vote_closed else None,
            form=self.form or SheetUploadForm(),
            plan=plan,
            token=decision_service.signed_plan(plan, self.request.user) if plan and plan.is_valid and plan.changes else "",
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.form = SheetUploadForm(request.POST, request.FILES)
        if self.form.is_valid():
            self.plan = decision_service.plan(self.consultation, self.form.cleaned_data["sheet"])
        return self.render_to_response(self.get_context_data())


class ApplyView(ConsultationView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        plan = decision_service.read_signed_plan(self.consultation, request.POST.get("plan", ""), request.user)
        if plan is None:
            messages.error(request, _("This preview has expired: upload the workbook again."))
            return redirect(consultation_url(self.consultation))
        if not plan.is_valid:
            self.plan = plan
            return self.render_to_response(self.get_context_data())
        count = decision_service.apply(plan, by=request.user, notify=request.POST.get("notify") == "on")
        if count:
            messages.success(request, ngettext(
                "%(count)s decision recorded and published.", "%(count)s decisions recorded and published.", count,
            ) % {"count": count})
        else:
            messages.info(request, _("Nothing changed: these decisions were already recorded."))
        return redirect(consultation_url(self.consultation))


def sheet_download(request, pk):
    """The « Décisions » sheet alone, for whoever records or exports the consultation's decisions."""
    consultation = get_object_or_404(ConsultationPage, pk=pk)
    user = request.user
    if not (permissions.can_record_decisions(user, consultation) or permissions.can_export(user, consultation)):
        raise Http404
    response = HttpResponse(
        decision_sheet.workbook_bytes(consultation, decision_items(consultation)),
        content_type=decision_sheet.XLSX_MIME,
    )
    name = f"decisions-{slugify(consultation.slug)[:60]}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
