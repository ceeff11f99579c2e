"""Following a campaign, and the form its holder and its site's editors post news with."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from consultations import canonical
from consultations.views.redirects import next_url
from freshness.sites import page_url

from .. import permissions
from ..forms import CampaignUpdateForm
from ..models import CampaignPage
from ..news_reads import update_anchor
from ..services.updates import follow_campaign, post_update, unfollow_campaign


def by_campaign(campaign_id, **kwargs):
    return campaign_id


@canonical.on_its_site(by_campaign)
@require_POST
def campaign_follow(request, campaign_id):
    campaign = get_object_or_404(CampaignPage.objects.live(), pk=campaign_id)
    back = next_url(request, page_url(campaign, request) or "/")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    try:
        follow_campaign(campaign, user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You now follow “%(title)s”.") % {"title": campaign.title})
    return redirect(back)


# Not bound to the campaign's site: a citizen lets go from their account page on any site, and
# of a campaign that was unpublished since.
@require_POST
def campaign_unfollow(request, campaign_id):
    campaign = get_object_or_404(CampaignPage, pk=campaign_id)
    back = next_url(request, page_url(campaign, request) or "/")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    unfollow_campaign(campaign, user=request.user)
    messages.success(request, _("You no longer follow “%(title)s”.") % {"title": campaign.title})
    return redirect(back)


@canonical.on_its_site(by_campaign)
@require_http_methods(["GET", "POST"])
def update_create(request, campaign_id):
    campaign = get_object_or_404(CampaignPage.objects.live(), pk=campaign_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    decision = permissions.can_post_update(request.user, campaign)
    if not decision:
        return render(
            request, "financing/update_refused.html", {"campaign": campaign, "reason": decision.reason}, status=403
        )
    form = CampaignUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            update = post_update(campaign, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Your news is published and was emailed to %(count)s person following or backing the campaign.",
                    "Your news is published and was emailed to %(count)s people following or backing the campaign.",
                    update.recipient_count,
                ) % {"count": update.recipient_count},
            )
            return redirect(f"{page_url(campaign, request) or '/'}#{update_anchor(update)}")
    return render(request, "financing/update_form.html", {"campaign": campaign, "form": form})
