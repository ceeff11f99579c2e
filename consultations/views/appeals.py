"""An author's answer to a moderation decision on their proposal, comment or opinion-round
statement: contest it with a short text, or edit and resubmit it; each a form without JavaScript on the contribution's own
site. services/appeals.py holds the rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import canonical, permissions
from ..appeal_forms import CommentResubmitForm, ContestForm, ProposalResubmitForm, StatementResubmitForm
from ..models import Comment, ModerationReason, Proposal, Statement
from ..services.appeals import contest, resubmit
from .consultation import not_eligible

KINDS = {"proposition": Proposal, "commentaire": Comment, "affirmation": Statement}


def author_outcome(item, user):
    """What the author reads on their contribution's page of the decision on it and of their
    appeal: nothing for anyone else, nor for a contribution no moderator decided on."""
    if not user.is_authenticated or item.author_id != user.pk:
        return {}
    if not item.has_outcome_to_tell:
        return {}
    reason = None
    if item.moderation_reason_id:
        reason = ModerationReason.objects.filter(pk=item.moderation_reason_id).first()
    appealable = {item.pk} if permissions.can_appeal(user, item) else set()
    return {"outcome": {"item": item, "reason": reason, "appealable": appealable}}


def _item(kind, pk):
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    related = {Proposal: ["consultation"], Statement: ["round__consultation"]}.get(model, [])
    item = get_object_or_404(model.objects.select_related("moderation_reason", *related), pk=pk)
    return item, permissions.contribution_consultation(item)


def _back(item):
    if isinstance(item, Proposal):
        return item.get_absolute_url()
    kind = "statements" if isinstance(item, Statement) else "comments"
    return f"{reverse('consultations:account_contributions')}?type={kind}"


@canonical.on_its_site(canonical.by_contribution)
@login_required
@require_http_methods(["GET", "POST"])
def contribution_contest(request, kind, pk):
    """GET shows the decision and the form; POST sends the author's objection to the moderators."""
    item, consultation = _item(kind, pk)
    decision = permissions.can_contest(request.user, item, consultation=consultation)
    if not decision:
        return not_eligible(request, consultation, decision, _("Contest this decision"))
    form = ContestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contest(item, author=request.user, text=form.cleaned_data["text"])
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("Your objection has been sent: a moderator will review the decision."))
            return redirect(_back(item))
    return render(
        request,
        "consultations/appeal_form.html",
        {"form": form, "item": item, "kind": kind, "contesting": True, "back": _back(item),
         "consultation": consultation},
    )


@canonical.on_its_site(canonical.by_contribution)
@login_required
@require_http_methods(["GET", "POST"])
def contribution_resubmit(request, kind, pk):
    """GET shows the decision and the contribution to edit; POST sends it back to the moderators."""
    item, consultation = _item(kind, pk)
    decision = permissions.can_resubmit(request.user, item, consultation=consultation)
    if not decision:
        return not_eligible(request, consultation, decision, _("Edit and resubmit"))
    if isinstance(item, Proposal):
        form_class, initial = ProposalResubmitForm, {"title": item.title, "body": item.body}
    elif isinstance(item, Statement):
        form_class, initial = StatementResubmitForm, {"body": item.text}
    else:
        form_class, initial = CommentResubmitForm, {"body": item.body}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            resubmit(
                item, author=request.user, body=form.cleaned_data["body"], title=form.cleaned_data.get("title")
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your contribution has been sent back to the moderators: it will be published once one of them has read it."))
            return redirect(_back(item))
    return render(
        request,
        "consultations/appeal_form.html",
        {"form": form, "item": item, "kind": kind, "contesting": False, "back": _back(item),
         "consultation": consultation},
    )
