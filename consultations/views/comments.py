"""Posting, editing, deleting and upvoting comments; every form falls back to a full page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.models import Page

from freshness.sites import page_url

from .. import canonical, discussions, permissions
from ..forms import CommentEditForm, CommentForm
from ..models import Comment, ConsultationPage, LocalProjectPage, Proposal
from ..services.comments import delete_comment, edit_comment, post_comment, upvote_comment
from .redirects import next_url

TARGETS = {
    "proposition": lambda pk: Proposal.objects.select_related("consultation").get(pk=pk),
    "consultation": lambda pk: ConsultationPage.objects.live().public().get(pk=pk),
    "projet": lambda pk: LocalProjectPage.objects.live().public().get(pk=pk),
    # A page whose app registered its discussion (a financing campaign): consultations/discussions.py.
    "page": discussions.discussed_page,
}


def _target_url(target, request):
    # On the target's own site (consultations/canonical.py): a page address relative to it.
    return target.get_absolute_url() if isinstance(target, Proposal) else page_url(target, request)


def _comment_url(comment, request):
    if comment.proposal_id:
        return comment.get_absolute_url()
    return f"{page_url(comment.target, request)}#comment-{comment.pk}"


@canonical.on_its_site(canonical.by_comment_target)
@require_POST
def comment_create(request, target, target_id):
    if target not in TARGETS:
        raise Http404
    try:
        item = TARGETS[target](target_id)
    except (Proposal.DoesNotExist, Page.DoesNotExist):
        raise Http404 from None
    url = _target_url(item, request)
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
            if parent is None:
                form.add_error(None, _("The comment you reply to no longer exists."))
        if not form.errors:
            try:
                comment = post_comment(
                    item,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    stance=form.cleaned_data["stance"],
                    parent=parent,
                    submission_key=form.cleaned_data["submission_key"],
                )
            except PermissionDenied as error:
                messages.error(request, str(error))
                return redirect(url)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if comment.status == Comment.Status.PUBLISHED:
                    messages.success(request, _("Your comment is published."))
                else:
                    messages.success(request, _("Your comment will appear once a moderator has read it."))
                return redirect(f"{url}#comment-{comment.pk}")
    return render(
        request,
        "consultations/comment_form.html",
        {
            "form": form,
            "target": item,
            "target_url": url,
            "consultation": permissions.consultation_of(item),  # only this error page needs it
            "action_url": request.path,
        },
        status=400,
    )


@canonical.on_its_site(canonical.by_comment)
@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    comment = get_object_or_404(Comment, pk=pk)
    url = _comment_url(comment, request)
    decision = permissions.can_edit_comment(request.user, comment)
    if not decision:
        messages.error(request, decision.reason)
        return redirect(url)
    form = CommentEditForm(request.POST or None, initial={"body": comment.body, "stance": comment.stance})
    if request.method == "POST" and form.is_valid():
        try:
            edit_comment(comment, editor=request.user, body=form.cleaned_data["body"], stance=form.cleaned_data["stance"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment has been updated."))
            return redirect(url)
    return render(
        request,
        "consultations/comment_form.html",
        {"form": form, "target": comment.target, "target_url": url, "action_url": request.path, "editing": True},
    )


@canonical.on_its_site(canonical.by_comment)
@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, pk):
    """GET asks for confirmation, saying what deleting does; POST deletes."""
    comment = get_object_or_404(Comment, pk=pk)
    if request.method == "GET":
        decision = permissions.can_edit_comment(request.user, comment)
        if not decision:
            messages.error(request, decision.reason)
            return redirect(comment.get_absolute_url())
        return render(
            request,
            "consultations/comment_delete.html",
            {"comment": comment, "target": comment.target, "target_url": comment.get_absolute_url()},
        )
    try:
        delete_comment(comment, author=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your comment has been deleted."))
    return redirect(_comment_url(comment, request))


@canonical.on_its_site(canonical.by_comment)
@require_POST
def comment_upvote(request, pk):
    comment = get_object_or_404(Comment, pk=pk)
    url = _comment_url(comment, request)
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    try:
        upvote_comment(comment, user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect(next_url(request, url))
