"""The citizen's side of resident verification: entering the code received by post."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..services.verification import redeem_resident_code
from ..typography import with_elision


class ResidentCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code received by post"),
        max_length=30,
        help_text=gettext_lazy(
            "12 letters and digits, e.g. ABCD-EFGH-JKLM. Dashes and spaces do not matter."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


@login_required
@require_POST
def resident_code_redeem(request):
    form = ResidentCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the code printed on your letter."))
        return redirect("consultations:account_profile")
    try:
        user = redeem_resident_code(request.user, code=form.cleaned_data["code"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            with_elision(
                _("Thank you: you are now a verified resident of %(area)s."),
                area=user.neighbourhood or user.postcode,
            ),
        )
    return redirect("consultations:account_profile")
