"""The citizen's own account: profile, GDPR download and account deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms import DeleteAccountForm, ProfileForm
from ..selectors import personal_data
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


@login_required
def account_data(request):
    return render(
        request,
        "consultations/account/my_data.html",
        {"data": personal_data(request.user)},
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
