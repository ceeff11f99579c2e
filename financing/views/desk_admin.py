"""The facility desk in the admin (/admin/financing/desk/): staff record the cash or cheque a backer
hands in for a live campaign, and see the campaign's desk pledges with who recorded each and when.
Who may: permissions.can_record_offline_pledge (the staff who may edit the campaign's page); the
others get a 403. Every rule on amounts and rewards is the service's (services/pledges.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.widgets import Button
from wagtail.models import Site

from consultations.permissions import editing_scope

from .. import permissions
from ..desk_forms import DeskPledgeForm
from ..models import CampaignPage, Pledge
from ..models.campaigns import Category
from ..services.pledges import euros, record_offline_pledge
from .pledges import FIELD_OF_ERROR

INDEX_URL_NAME = "financing_desk:index"
CAMPAIGN_URL_NAME = "financing_desk:campaign"
DESK_FIELD_OF_ERROR = {**FIELD_OF_ERROR, "backer_name": "backer_name"}


def may_record_somewhere(user):
    """Shown in the menu to staff who edit pages somewhere: the page itself lists where."""
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin") and bool(editing_scope(user))


def desk_campaigns(user, now=None):
    """The live campaigns taking pledges under the pages `user` edits, nearest deadline first."""
    scope = editing_scope(user) if user.is_authenticated else []
    if not scope:
        return CampaignPage.objects.none()
    now = now or timezone.now()
    return (
        CampaignPage.objects.live()
        .filter(Q(*[Q(path__startswith=path) for path in scope], _connector=Q.OR), deadline__gt=now)
        .exclude(category=Category.EQUITY)
        .exclude(tally__outcome__in=["succeeded", "failed"])
        .select_related("tally")
        .order_by("deadline", "pk")
    )


def desk_url(campaign):
    return reverse(CAMPAIGN_URL_NAME, args=[campaign.pk])


def _site_names(campaigns):
    sites = sorted(
        ((site.root_page.path, site.site_name or site.hostname) for site in Site.objects.select_related("root_page")),
        key=lambda entry: -len(entry[0]),
    )
    return {
        campaign.pk: next((name for root, name in sites if campaign.path.startswith(root)), "") for campaign in campaigns
    }


class DeskIndexView(generic.WagtailAdminTemplateMixin, TemplateView):
    template_name = "financing/admin/desk_index.html"
    header_icon = "clipboard-list"
    page_title = gettext_lazy("Pledges at the desk")

    def dispatch(self, request, *args, **kwargs):
        if not may_record_somewhere(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        campaigns = list(desk_campaigns(self.request.user))
        names = _site_names(campaigns)
        return super().get_context_data(
            campaigns=[(campaign, names[campaign.pk], desk_url(campaign)) for campaign in campaigns], **kwargs
        )


class CampaignDeskView(generic.WagtailAdminTemplateMixin, TemplateView):
    template_name = "financing/admin/desk_campaign.html"
    header_icon = "clipboard-list"
    form = None

    def dispatch(self, request, *args, **kwargs):
        self.campaign = get_object_or_404(CampaignPage.objects.select_related("tally"), pk=kwargs["pk"])
        if not permissions.can_record_offline_pledge(request.user, self.campaign):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Pledges at the desk: %(title)s") % {"title": self.campaign.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(INDEX_URL_NAME), "label": _("Pledges at the desk")},
            {"url": "", "label": self.campaign.title},
        ]

    def get_context_data(self, **kwargs):
        closed = permissions.campaign_closed(self.campaign)
        if closed is None and self.campaign.category == Category.EQUITY:
            closed = permissions.can_pledge(self.request.user, self.campaign)
        pledges = (
            Pledge.objects.filter(campaign=self.campaign, status=Pledge.Status.OFFLINE)
            .select_related("recorded_by", "tier").order_by("-created_at", "-pk")
        )
        page = Paginator(pledges, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            campaign=self.campaign,
            closed=closed,
            # A refusal is a false Decision: what matters is whether there is one.
            form=None if closed is not None else (self.form or DeskPledgeForm(campaign=self.campaign)),
            pledges=page,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = DeskPledgeForm(request.POST, campaign=self.campaign)
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = record_offline_pledge(
                    self.campaign, request.user, backer_name=data["backer_name"], amount_cents=data["amount"],
                    tier=data.get("tier"), public=data["public"], token=data["token"],
                )
            except ValidationError as error:
                field = DESK_FIELD_OF_ERROR.get(error.code)
                form.add_error(field if field in form.fields else None, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(amount)s € from %(name)s recorded: the pledge counts towards the campaign.")
                    % {"amount": euros(made.amount_cents), "name": made.backer_name},
                )
                return redirect(desk_url(self.campaign))
        self.form = form
        return self.render_to_response(self.get_context_data())


def desk_button(page, user, priority):
    """« Record a desk pledge » for a campaign in the page explorer, for staff who may."""
    if not issubclass(page.specific_class or type(page), CampaignPage):
        return []
    if not permissions.can_record_offline_pledge(user, page):
        return []
    return [Button(_("Record a desk pledge"), desk_url(page), icon_name="clipboard-list", priority=priority)]
