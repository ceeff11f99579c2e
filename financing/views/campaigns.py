"""A citizen's campaigns: proposing one, changing it while it is a draft or changes are requested,
« Mes campagnes », and closing a succeeded one once delivered or repaid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from freshness.sites import current_site

from .. import permissions
from ..campaign_forms import CampaignForms, initial_of
from ..holder_reads import holder_campaigns, instalments_left, review_status
from ..models import CampaignIndexPage, CampaignPage
from ..models.campaigns import Category
from ..services.campaigns import edit_campaign, mark_fulfilled, propose_campaign


def _site_index(request):
    site = current_site(request)
    index = CampaignIndexPage.objects.live().child_of(site.root_page).first() if site else None
    if index is None:
        raise Http404(_("This site has no participatory financing page."))
    return index


def _saved_message(request, campaign, submit):
    if submit:
        messages.success(
            request,
            _("Your campaign “%(title)s” has been sent to the moderators. You will get an email once they have read it.")
            % {"title": campaign.draft_title},
        )
    else:
        messages.success(request, _("Your draft “%(title)s” is saved. It is not sent for review yet.") % {"title": campaign.draft_title})


def _write(request, forms, write):
    """Run `write(proposed, submit)` with the valid forms; the service's refusals go on the form."""
    if not forms.is_valid():
        return None
    submit = request.POST.get("action") != "draft"
    try:
        campaign = write(forms.proposed(), submit)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            forms.add_service_errors(error)
        else:
            forms.form.add_error(None, error)
        return None
    _saved_message(request, campaign, submit)
    return campaign


@require_http_methods(["GET", "POST"])
def campaign_propose(request):
    index = _site_index(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    decision = permissions.can_propose_campaign(request.user)
    if not decision:
        return render(request, "financing/campaign_refused.html", {"index": index, "refusal": decision.reason}, status=403)
    forms = CampaignForms(
        request.POST if request.method == "POST" else None,
        initial={"holder_name": request.user.public_name, "contact_email": request.user.email},
    )
    if request.method == "POST":
        written = _write(request, forms, lambda proposed, submit: propose_campaign(
            index, user=request.user, proposed=proposed, submit=submit,
        ))
        if written is not None:
            return redirect("financing:my_campaigns")
    return render(
        request, "financing/campaign_form.html",
        {"forms": forms, "index": index, "editing": None}, status=400 if forms.has_errors else 200,
    )


def _holders_campaign(request, campaign_id):
    campaign = get_object_or_404(CampaignPage, pk=campaign_id)
    if campaign.holder_id != request.user.pk:
        raise Http404
    return campaign


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, campaign_id):
    campaign = _holders_campaign(request, campaign_id)
    status = review_status(campaign)
    decision = permissions.can_edit_campaign(request.user, campaign, review_status=status.code)
    if not decision:
        messages.error(request, decision.reason)
        return redirect("financing:my_campaigns")
    draft = campaign.get_latest_revision_as_object()
    initial, rows = initial_of(draft)
    forms = CampaignForms(request.POST if request.method == "POST" else None, initial=initial, rows=rows)
    if request.method == "POST":
        written = _write(request, forms, lambda proposed, submit: edit_campaign(
            campaign, user=request.user, proposed=proposed, submit=submit,
        ))
        if written is not None:
            return redirect("financing:my_campaigns")
    return render(
        request, "financing/campaign_form.html",
        {"forms": forms, "index": campaign.get_parent(), "editing": campaign, "status": status},
        status=400 if forms.has_errors else 200,
    )


@login_required
def my_campaigns(request):
    rows = []
    for campaign, status in holder_campaigns(request.user):
        left = 0
        if status.code == "succeeded" and campaign.category == Category.LOAN:
            left = instalments_left(campaign)
        rows.append({
            "campaign": campaign,
            "status": status,
            "can_edit": status.editable,
            "fulfil": permissions.can_mark_fulfilled(request.user, campaign, instalments_left=left)
            if status.code == "succeeded" else None,
        })
    return render(request, "financing/account/my_campaigns.html", {"rows": rows})


@login_required
@require_POST
def campaign_fulfil(request, campaign_id):
    campaign = _holders_campaign(request, campaign_id)
    try:
        mark_fulfilled(campaign, user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        if campaign.category == Category.LOAN:
            messages.success(request, _("Your campaign is closed: every loan is repaid. Thank you!"))
        else:
            messages.success(request, _("Your campaign is closed: every reward is delivered. Thank you!"))
    return redirect("financing:my_campaigns")
