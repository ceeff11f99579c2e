"""The ballot page, the results page and the receipt check."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import activity, budget_results, canonical, codes, permissions, ratelimits
from ..forms import BallotForm
from ..models import Ballot
from ..models.votes import RECEIPT_LENGTH
from ..selectors import vote_results
from ..services.voting import ballot_projects
from freshness.sites import page_url

from .consultation import live_consultation, not_eligible


def _ballot_of(voter, consultation):
    return Ballot.objects.filter(consultation=consultation, voter=voter).prefetch_related("choices").first()


@canonical.on_its_site(canonical.by_consultation)
@require_http_methods(["GET", "POST"])
def ballot(request, consultation_id):
    consultation = live_consultation(consultation_id, fresh=request.method == "POST")
    decision = permissions.can_vote(request.user, consultation)
    if not decision:
        return not_eligible(request, consultation, decision, _("Vote"))
    projects = list(ballot_projects(consultation).select_related("image"))
    if request.method == "POST":
        form = BallotForm(consultation, projects, data=request.POST)
        try:
            saved = form.cast(voter=request.user) if form.is_valid() else None
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect(page_url(consultation, request))
        if saved is not None:
            if saved.revision:
                messages.success(request, _("Your vote has been changed. Only your latest ballot counts."))
            else:
                messages.success(request, _("Your vote has been recorded. Thank you!"))
            return redirect("consultations:ballot", consultation_id=consultation.pk)
        existing = _ballot_of(request.user, consultation)
    else:
        existing = _ballot_of(request.user, consultation)
        form = BallotForm(consultation, projects, ballot=existing)
    return render(
        request,
        "consultations/ballot.html",
        {
            "consultation": consultation,
            "form": form,
            "rows": form.rows(),
            "ballot": existing,
            "receipt": existing.receipt if existing else None,
        },
        status=400 if form.errors else 200,
    )


@canonical.on_its_site(canonical.by_consultation)
def results(request, consultation_id):
    consultation = live_consultation(consultation_id)
    decision = permissions.can_see_results(request.user, consultation)
    if not decision:
        return not_eligible(request, consultation, decision, _("Results"), forbidden=False)
    projects = list(ballot_projects(consultation))
    return render(
        request,
        "consultations/results.html",
        {
            "consultation": consultation,
            "results": vote_results(consultation, projects),
            # MES with its completion can take seconds on a large vote: computed once per state of
            # the ballots (activity's versions), not on every view.
            "funding": activity.remembered(
                consultation, f"funding:{consultation.budget_rule}:{consultation.budget}:{consultation.budget_compare_with_greedy}",
                lambda: budget_results.funding(consultation),
            ),
            "provisional": not consultation.is_vote_closed,
        },
    )


# Receipts are checked by POST: in an address they would land in access logs, browser history and
# Referer headers. A GET with ?code= (links from before) only fills the form in.
@require_http_methods(["GET", "POST"])
def receipt_check(request):
    context = {"meta_title": _("Check my ballot")}
    if request.method == "GET":
        code = request.GET.get("code", "").strip()[:40]
        return render(request, "consultations/receipt_check.html", {**context, "code": code, "resubmit": bool(code)})
    code = request.POST.get("code", "").strip()[:40]
    try:
        ratelimits.consume_for_request(request, "receipt_check")
    except ratelimits.RateLimited:
        context["throttled"] = True
        return render(request, "consultations/receipt_check.html", {**context, "code": code}, status=429)
    normalised = codes.normalised(code)
    ballot = None
    if codes.is_well_formed(normalised, RECEIPT_LENGTH):
        ballot = Ballot.objects.select_related("consultation").filter(receipt=codes.grouped(normalised)).first()
    return render(
        request,
        "consultations/receipt_check.html",
        {**context, "code": code, "ballot": ballot, "searched": bool(code)},
    )
