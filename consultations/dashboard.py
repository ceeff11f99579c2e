"""What the Wagtail dashboard shows the portal's staff beyond Wagtail's own panels: the
consultations of every site with their participation and a way to their results, for those who may
read results (elected officials and moderators), who have no page of their own to edit; and, for
moderators, the state of their sites' moderation."""

from django.urls import reverse
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.ui.components import Component

from . import permissions
from .moderation_stats import DECISION_WINDOW, site_overview
from .selectors import consultation_overview


class ConsultationResultsPanel(Component):
    name = "consultation_results"
    template_name = "consultations/admin/dashboard_consultations.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        rows = consultation_overview()
        for row in rows:
            # Both live on the consultation's own site; the admin may be served on another.
            row.page_url = row.consultation.get_full_url(request)
            row.results_url = row.site.root_url + reverse("consultations:results", args=[row.consultation.pk])
        context["rows"] = rows
        return context


class ModerationPanel(Component):
    """For moderators: each of their sites' queue, its oldest waiting contribution and how long
    decisions took lately."""

    name = "moderation_overview"
    template_name = "consultations/admin/dashboard_moderation.html"
    order = 40

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        context["rows"] = site_overview(permissions.moderation_scope(request.user))
        context["window_days"] = DECISION_WINDOW.days
        return context


def may_read_results(user):
    return user.has_perm("consultations.view_results")


def may_search_pages(user):
    """Wagtail's dashboard offers a search of all pages to everyone but refuses it to those
    without any page permission: they are not offered it."""
    return user_has_any_page_permission(user)
