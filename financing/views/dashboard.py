"""The campaign's dashboard for its holder and staff: progress, backers, rewards to deliver, loans
to repay; the backers' export for delivery; recording a loan's repayment."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .. import backer_export, permissions
from ..dashboard import counted_pledges, loan_schedule, rewards_to_deliver, shown_name
from ..loan_forms import RepaymentForm
from ..models import CampaignPage, LoanInstalment
from ..models.campaigns import Category
from ..reads import campaign_progress
from ..services.loans import record_repayment

BACKERS_PER_PAGE = 100


def _managed_campaign(request, campaign_id):
    """The campaign, for its holder and staff; None when the visitor must sign in first."""
    campaign = get_object_or_404(CampaignPage.objects.select_related("tally"), pk=campaign_id)
    if not request.user.is_authenticated:
        return None
    if not (decision := permissions.can_manage_campaign(request.user, campaign)):
        raise PermissionDenied(decision.reason)
    return campaign


def _update_url(campaign):
    # Posting an update is another page of the dashboard's family, added on its own.
    try:
        return reverse("financing:update_create", args=[campaign.pk])
    except NoReverseMatch:
        return ""


def _collected(campaign):
    tally = getattr(campaign, "tally", None)
    return tally is not None and tally.outcome == "succeeded" and tally.settled_at is not None


def campaign_dashboard(request, campaign_id):
    campaign = _managed_campaign(request, campaign_id)
    if campaign is None:
        return redirect_to_login(request.get_full_path())
    staff = permissions.is_campaign_staff(request.user, campaign)
    backers = Paginator(counted_pledges(campaign), BACKERS_PER_PAGE).get_page(request.GET.get("page"))
    schedule = loan_schedule(campaign) if campaign.category == Category.LOAN else []
    next_to_record = next((row.instalment.pk for row in schedule if not row.recorded), None)
    return render(
        request, "financing/campaign_dashboard.html",
        {
            "campaign": campaign,
            "progress": campaign_progress(campaign),
            "staff": staff,
            "backers": backers,
            "backer_rows": [(pledge, shown_name(pledge, staff=staff)) for pledge in backers],
            "tiers": rewards_to_deliver(campaign) if campaign.category == Category.REWARDS else [],
            "schedule": schedule,
            "schedule_total": sum(row.due_cents for row in schedule),
            "can_record": _collected(campaign),
            "next_to_record": next_to_record,
            "update_url": _update_url(campaign),
        },
    )


def campaign_backers_export(request, campaign_id, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    campaign = _managed_campaign(request, campaign_id)
    if campaign is None:
        return redirect_to_login(request.get_full_path())
    name = f"contributeurs-{campaign.slug}"
    if fmt == "xlsx":
        response = FileResponse(
            backer_export.xlsx_file(campaign), as_attachment=True, filename=f"{name}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(backer_export.csv_lines(campaign), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def instalment_repay(request, campaign_id, instalment_id):
    """GET asks for the day the lenders were paid; POST records the instalment's repayments."""
    campaign = _managed_campaign(request, campaign_id)
    if campaign is None:
        return redirect_to_login(request.get_full_path())
    instalment = get_object_or_404(LoanInstalment, pk=instalment_id, campaign_id=campaign.pk)
    form = RepaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            repayments = record_repayment(instalment, request.user, paid_on=form.cleaned_data["paid_on"])
        except ValidationError as error:
            form.add_error("paid_on" if error.code == "paid_on" else None, error)
        else:
            messages.success(
                request,
                _("The repayment is recorded: %(count)s lenders are shown what they were repaid.")
                % {"count": len(repayments)},
            )
            return redirect("financing:campaign_dashboard", campaign_id=campaign.pk)
    row = next((row for row in loan_schedule(campaign) if row.instalment.pk == instalment.pk), None)
    return render(
        request, "financing/instalment_repay.html",
        {"campaign": campaign, "instalment": instalment, "row": row, "form": form, "can_record": _collected(campaign)},
        status=400 if form.errors else 200,
    )
