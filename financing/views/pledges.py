"""A backer's way through a pledge: the form, the provider's payment form, the return page, and
cancelling."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from payments import RedirectNeeded
from payments.dummy import DummyProvider

from .. import permissions
from ..forms import PledgeForm, label_simulated_payment
from ..models import CampaignPage, Pledge
from ..services.pledges import cancel_pledge, euros, pledge

# The form field each of the service's refusals is about.
FIELD_OF_ERROR = {
    "amount": "amount", "minimum": "amount", "maximum": "amount", "tier_amount": "amount",
    "tier": "tier", "sold_out": "tier",
}


def backers_pledge(request, pk):
    found = get_object_or_404(Pledge.objects.select_related("campaign", "tier"), pk=pk, backer__isnull=False)
    if found.backer_id != request.user.pk:
        raise Http404
    return found


def pledge_create(request, campaign_id):
    """GET draws the form on a page of its own (the campaign's page includes the same form);
    POST records the pledge and goes on to its payment."""
    campaign = get_object_or_404(CampaignPage.objects.live().select_related("tally"), pk=campaign_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = PledgeForm(request.POST or None, campaign=campaign)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = pledge(
                campaign, request.user, amount_cents=data["amount"], tier=data.get("tier"),
                public=data["public"], token=data["token"],
            )
        except ValidationError as error:
            field = FIELD_OF_ERROR.get(error.code)
            form.add_error(field if field in form.fields else None, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        else:
            return redirect("financing:pledge_payment", pk=made.pk)
    decision = permissions.can_pledge(request.user, campaign)
    return render(
        request, "financing/pledge_form.html",
        {"campaign": campaign, "form": form, "can_pledge": bool(decision), "refusal": decision.reason},
        status=status,
    )


def pledge_payment(request, pk):
    """The payment provider's form (the dummy provider asks which outcome to simulate); the
    provider may send the backer elsewhere, to its own page or back to ours."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = backers_pledge(request, pk)
    if found.status != Pledge.Status.AWAITING_PAYMENT:
        return redirect("financing:pledge_payment_done", pk=found.pk)
    payment = found.payments.order_by("-pk").first()
    try:
        form = payment.get_form(data=request.POST or None)
    except RedirectNeeded as needed:
        return redirect(str(needed))
    simulated = isinstance(getattr(form, "provider", None), DummyProvider)
    return render(
        request, "financing/pledge_payment.html",
        {
            "pledge": found, "campaign": found.campaign, "amount": euros(found.amount_cents),
            "form": label_simulated_payment(form) if simulated else form, "simulated": simulated,
        },
    )


def pledge_payment_done(request, pk):
    """Where the provider sends the backer back, paid or not."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = backers_pledge(request, pk)
    return render(
        request, "financing/pledge_payment_done.html",
        {
            "pledge": found, "campaign": found.campaign, "amount": euros(found.amount_cents),
            "counted": found.status in Pledge.COUNTED,
            "can_cancel": bool(permissions.can_cancel_pledge(request.user, found)),
        },
    )


def pledge_cancel(request, pk):
    """GET asks for confirmation; POST cancels."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = backers_pledge(request, pk)
    decision = permissions.can_cancel_pledge(request.user, found)
    if request.method != "POST":
        if not decision:
            messages.error(request, decision.reason)
            return redirect("financing:pledge_payment_done", pk=found.pk)
        return render(
            request, "financing/pledge_cancel.html",
            {"pledge": found, "campaign": found.campaign, "amount": euros(found.amount_cents)},
        )
    try:
        cancel_pledge(found, request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("financing:pledge_payment_done", pk=found.pk)
    messages.success(request, _("Your pledge has been cancelled: nothing will be charged."))
    return redirect(found.campaign.url or "/")
