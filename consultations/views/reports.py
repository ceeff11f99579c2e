"""Citizens' reports of a proposal, a comment or an opinion-round statement: a form without
JavaScript, on the contribution's own site; services/moderation.py decides what a report does."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import canonical, permissions
from ..forms import ReportForm
from ..models import Comment, Proposal, Statement
from ..services.moderation import report

KINDS = {"proposition": Proposal, "commentaire": Comment, "affirmation": Statement}


def _back(item):
    # A statement is voted on in its consultation's opinion round: no page of its own.
    if isinstance(item, Statement):
        return item.round.consultation.url
    return item.get_absolute_url()


@canonical.on_its_site(canonical.by_contribution)
@login_required
@require_http_methods(["GET", "POST"])
def report_contribution(request, kind, pk):
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    back = _back(item)
    decision = permissions.can_report(request.user, item)
    if not decision:
        messages.error(request, decision.reason)
        return redirect(back)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report(item, reporter=request.user, reason=form.cleaned_data["reason"], text=form.cleaned_data["text"])
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, error.messages[0] if hasattr(error, "messages") else str(error))
        else:
            messages.success(request, _("Thank you: the moderators will look at your report."))
            return redirect(back)
    return render(
        request,
        "consultations/report_form.html",
        {
            "form": form, "item": item, "is_proposal": model is Proposal, "is_statement": model is Statement,
            "back": back,
        },
    )
