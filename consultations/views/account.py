"""The citizen's own account: profile, contributions, GDPR data and download, account deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import permissions
from ..forms import DeleteAccountForm, ProfileForm
from ..selectors import (
    CONTRIBUTION_KINDS,
    account_details,
    contribution_counts,
    contributions,
    personal_data,
)
from ..services.accounts import delete_account, update_profile


@login_required
@require_http_methods(["GET", "POST"])
def account_profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        update_profile(request.user, form=form)
        messages.success(request, _("Your profile has been saved."))
        return redirect("consultations:account_profile")
    return render(request, "consultations/account/profile.html", {"form": form})


# The readable page shows the newest of each kind; "My contributions" and the download have all.
DATA_PAGE_SHOWS = 20
CONTRIBUTIONS_PAGE_SIZE = 20


@login_required
def account_data(request):
    listed = contributions(request.user)
    counts = contribution_counts(request.user)
    headings = {
        "proposals": _("Proposals"),
        "comments": _("Comments"),
        "statements": _("Statements"),
        "supports": _("Supports"),
        "ballots": _("Votes"),
    }
    sections = [
        {
            "kind": kind,
            "heading": headings[kind],
            "count": counts[kind],
            "rows": list(listed[kind][:DATA_PAGE_SHOWS]) if counts[kind] else [],
        }
        for kind in CONTRIBUTION_KINDS
    ]
    return render(
        request,
        "consultations/account/my_data.html",
        {
            "data": account_details(request.user),
            "counts": counts,
            "shows": DATA_PAGE_SHOWS,
            "sections": sections,
            "follows": list(listed["follows"][:DATA_PAGE_SHOWS]) if counts["follows"] else [],
        },
    )


@login_required
def account_contributions(request):
    kind = request.GET.get("type")
    if kind not in CONTRIBUTION_KINDS:
        kind = CONTRIBUTION_KINDS[0]
    counts = contribution_counts(request.user)
    items = Paginator(contributions(request.user)[kind], CONTRIBUTIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    appealable = set()
    if kind in ("proposals", "comments", "statements"):
        appealable = {item.pk for item in items if permissions.can_appeal(request.user, item)}
    return render(
        request,
        "consultations/account/contributions.html",
        {"kind": kind, "counts": counts, "items": items, "appealable": appealable},
    )


@login_required
def account_data_download(request):
    payload = {
        "exported_at": timezone.now().isoformat(),
        "site": request.get_host(),
        **personal_data(request.user),
    }
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user, acting_user=user)
        messages.success(
            request,
            _("Your account has been deleted. A confirmation has been sent to your former address."),
        )
        return redirect("/")
    return render(request, "consultations/account/delete.html", {"form": form})
