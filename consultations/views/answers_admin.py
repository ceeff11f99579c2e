"""Official answers and merges in the admin: the forms of a proposal's moderation page, and a page
of its own for the official answer, which editors reach from the proposal's public page (they
do not see the moderation queue). Each view checks the rule of permissions.py it acts under."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views import generic

from .. import permissions
from ..models import Proposal
from ..moderation_forms import AnswerForm, MergeForm
from ..services.answers import answer
from ..services.merging import merge

ANSWER_URL_NAME = "moderation:answer"


def answer_url(proposal):
    return reverse(ANSWER_URL_NAME, args=[proposal.pk])


def _first_message(error):
    return error.messages[0] if hasattr(error, "messages") else str(error)


def record_answer(request, proposal):
    """Give the answer posted; returns the bound form, with its errors when nothing was recorded
    (None when it was)."""
    form = AnswerForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            answer(
                proposal, by=request.user,
                status=form.cleaned_data["answer_status"], text=form.cleaned_data["answer_text"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _first_message(error))
        else:
            messages.success(request, _("Official answer recorded: it is shown on the proposal."))
            return None
    return form


def record_merge(request, proposal):
    """Merge the proposal into the one posted; the bound form with its errors, or None."""
    form = MergeForm(request.POST, proposal=proposal)
    if form.is_valid():
        kept = form.cleaned_data["into"]
        try:
            merge(proposal, into=kept, by=request.user, note=form.cleaned_data["merge_note"])
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _first_message(error))
        else:
            messages.success(
                request, _("Merged into “%(title)s”: its supports and followers moved.") % {"title": kept.title}
            )
            return None
    return form


def answer_and_merge_forms(user, proposal, answer_form=None, merge_form=None):
    """The answer and merge forms of a proposal's moderation page, where they apply."""
    if merge_form is None and proposal.status == Proposal.Status.PUBLISHED:
        merge_form = MergeForm(proposal=proposal)
    return {
        "answer_form": answer_form or (AnswerForm(proposal=proposal) if permissions.can_answer(user, proposal) else None),
        "merge_form": merge_form,
        "merge_candidates": merge_form is not None and merge_form.fields["into"].queryset.exists(),
    }


class AnswerView(generic.WagtailAdminTemplateMixin, TemplateView):
    """The official answer of one proposal, for the moderators and editors of its site."""

    template_name = "consultations/admin/moderation/answer.html"
    header_icon = "help"
    page_title = gettext_lazy("Official answer")
    form = None

    @cached_property
    def proposal(self):
        proposal = get_object_or_404(Proposal.objects.select_related("consultation", "author"), pk=self.kwargs["pk"])
        if not permissions.can_answer(self.request.user, proposal):
            raise PermissionDenied
        return proposal

    def get_page_subtitle(self):
        return self.proposal.title[:80]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposal=self.proposal,
            answer_form=self.form or AnswerForm(proposal=self.proposal),
            public_url=self.proposal.get_absolute_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.form = record_answer(request, self.proposal)
        if self.form is None:
            return redirect(request.path)
        return self.render_to_response(self.get_context_data())
