"""The follow-up of adopted items in the Wagtail admin: the list of adopted items, and the page of
each with its dated updates, where the moderators of its site and its editors add, correct or
delete them (through services/implementation.py). Elected officials read both pages.

Every view checks permissions.can_view_decisions or can_record_decisions; the admin's own
wrapper already turned away anyone without admin access.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views import generic

from .. import permissions
from ..implementation_forms import DecisionFilterForm, UpdateForm
from ..models import BoardDecision, ImplementationUpdate
from ..decision_reads import admin_decisions
from ..services import implementation

PER_PAGE = 50


def may_follow_up(user):
    """Whether the admin offers the follow-up at all: someone who reads some consultations'."""
    return bool(permissions.decisions_scope(user))


def decision_url(decision):
    return reverse("implementation:decision", args=[decision.pk])


class FollowUpMixin(generic.WagtailAdminTemplateMixin):
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        items = [{"url": reverse("implementation:index"), "label": _("Implementation follow-up")}]
        return self.breadcrumbs_items + items + [{"url": "", "label": self.get_page_title()}]


class DecisionIndexView(FollowUpMixin, TemplateView):
    template_name = "consultations/admin/implementation/index.html"
    page_title = gettext_lazy("Implementation follow-up")

    def dispatch(self, request, *args, **kwargs):
        if not may_follow_up(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = DecisionFilterForm(self.request.GET or None, decisions=admin_decisions(user))
        decisions = admin_decisions(user, **form.filters())
        page = Paginator(decisions, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        return super().get_context_data(
            filter_form=form, page_obj=page, decisions=page.object_list, query=query.urlencode(), **kwargs
        )


class DecisionView(FollowUpMixin, TemplateView):
    """One adopted item: its decision, read-only, its updates, and the form to add one."""

    template_name = "consultations/admin/implementation/decision.html"
    page_title = gettext_lazy("Follow-up")
    form = None

    @cached_property
    def decision(self):
        decision = get_object_or_404(
            BoardDecision.objects.adopted().select_related("consultation", "local_project", "proposal"),
            pk=self.kwargs["pk"],
        )
        if not permissions.can_view_decisions(self.request.user, decision.consultation):
            raise PermissionDenied
        return decision

    @cached_property
    def can_record(self):
        return bool(permissions.can_record_decisions(self.request.user, self.decision.consultation))

    def get_page_title(self):
        return _("Follow-up: %(title)s") % {"title": self.decision.item.title[:80]}

    def get_context_data(self, **kwargs):
        item = self.decision.item
        return super().get_context_data(
            decision=self.decision,
            item=item,
            public_url=item.get_url() if self.decision.local_project_id else item.get_absolute_url(),
            updates=self.decision.updates.select_related("photo", "created_by").order_by("-date", "-pk"),
            can_record=self.can_record,
            form=self.form or (self._blank_form() if self.can_record else None),
            **kwargs,
        )

    def _blank_form(self):
        return UpdateForm(prefix="update", initial={"date": timezone.localdate()})

    def post(self, request, *args, **kwargs):
        if not self.can_record:
            raise PermissionDenied
        form = UpdateForm(request.POST, prefix="update")
        if form.is_valid():
            try:
                implementation.add_update(self.decision, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Update recorded: it is shown on the item's page."))
                return redirect(request.path)
        self.form = form
        return self.render_to_response(self.get_context_data())


class UpdateMixin(FollowUpMixin):
    @cached_property
    def update(self):
        update = get_object_or_404(
            ImplementationUpdate.objects.select_related(
                "decision__consultation", "decision__local_project", "decision__proposal"
            ),
            pk=self.kwargs["pk"],
        )
        if not permissions.can_record_decisions(self.request.user, update.decision.consultation):
            raise PermissionDenied
        return update

    def get_page_subtitle(self):
        return self.update.decision.item.title[:80]

    def get_breadcrumbs_items(self):
        decision = self.update.decision
        return self.breadcrumbs_items + [
            {"url": reverse("implementation:index"), "label": _("Implementation follow-up")},
            {"url": decision_url(decision), "label": decision.item.title[:40]},
            {"url": "", "label": self.get_page_title()},
        ]


class UpdateEditView(UpdateMixin, TemplateView):
    template_name = "consultations/admin/implementation/update_edit.html"
    page_title = gettext_lazy("Correct an update")
    form = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            update=self.update,
            decision=self.update.decision,
            form=self.form or UpdateForm(instance=self.update, prefix="update"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        # The form works on a copy: the service reads the update as it is stored.
        form = UpdateForm(request.POST, instance=ImplementationUpdate(pk=self.update.pk), prefix="update")
        if form.is_valid():
            try:
                implementation.edit_update(self.update, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Update corrected."))
                return redirect(decision_url(self.update.decision))
        self.form = form
        return self.render_to_response(self.get_context_data())


class UpdateDeleteView(UpdateMixin, TemplateView):
    template_name = "consultations/admin/implementation/update_delete.html"
    page_title = gettext_lazy("Delete an update")

    def get_context_data(self, **kwargs):
        return super().get_context_data(update=self.update, decision=self.update.decision, **kwargs)

    def post(self, request, *args, **kwargs):
        decision = self.update.decision
        implementation.delete_update(self.update, by=request.user)
        messages.success(request, _("Update deleted."))
        return redirect(decision_url(decision))


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
