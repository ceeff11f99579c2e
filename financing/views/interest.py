"""Expressions of interest in business financing: stating, changing and withdrawing the amount one
considers investing (the campaign's page holds the form; errors are shown on a page of their own),
and the list the holder downloads to follow up."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations.exports import local_datetime_text, spreadsheet_safe

from .. import permissions
from ..accounting_files import euros_text
from ..interest_forms import InterestForm
from ..interest_reads import interest_summary, interested_people
from ..models import CampaignPage, InterestExpression
from ..models.campaigns import Category
from ..services.interest import express_interest, withdraw_interest
from ..services.pledges import euros


def _equity_campaign(campaign_id):
    return get_object_or_404(CampaignPage.objects.live(), pk=campaign_id, category=Category.EQUITY)


def _back_to(campaign):
    return redirect((campaign.url or "/") + "#interest-heading")


def interest_express(request, campaign_id):
    """GET draws the form on a page of its own; POST records or changes the amount."""
    campaign = _equity_campaign(campaign_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mine = InterestExpression.objects.filter(campaign=campaign, user=request.user).first()
    form = InterestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            made = express_interest(campaign, request.user, amount_cents=form.cleaned_data["amount"])
        except ValidationError as error:
            form.add_error("amount", error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        else:
            messages.success(
                request,
                _("Your interest is recorded: %(amount)s € considered. Nothing is paid here; the holder may contact you.")
                % {"amount": euros(made.amount_cents)},
            )
            return _back_to(campaign)
    decision = permissions.can_express_interest(request.user, campaign)
    return render(
        request, "financing/interest_form.html",
        {
            "campaign": campaign, "form": form, "my_interest": mine, "interest": interest_summary(campaign),
            "can_express": bool(decision), "refusal": decision.reason,
        },
        status=status,
    )


@require_POST
def interest_withdraw(request, campaign_id):
    campaign = _equity_campaign(campaign_id)
    if not request.user.is_authenticated:
        return redirect_to_login(campaign.url or "/")
    try:
        withdrawn = withdraw_interest(campaign, request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        if withdrawn:
            messages.success(request, _("Your expression of interest is withdrawn."))
    return _back_to(campaign)


class _Echo:
    def write(self, value):
        return value


def interest_download(request, campaign_id):
    """The people interested, with their name and email for the holder to follow up, as CSV."""
    campaign = get_object_or_404(CampaignPage, pk=campaign_id, category=Category.EQUITY)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_download_interest(request.user, campaign):
        raise Http404

    def lines():
        writer = csv.writer(_Echo())
        with translation.override(settings.LANGUAGE_CODE):
            yield "\ufeff" + writer.writerow(
                [_("Name"), _("Email"), _("Amount considered (€)"), _("Stated on"), _("Last changed on")]
            )
            for expression in interested_people(campaign):
                user = expression.user
                name = user.get_full_name() or user.public_name
                yield writer.writerow([
                    spreadsheet_safe(name), spreadsheet_safe(user.email), euros_text(expression.amount_cents),
                    local_datetime_text(expression.created_at), local_datetime_text(expression.changed_at),
                ])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interet-{campaign.slug}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
