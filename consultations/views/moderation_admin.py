"""The moderation queue in the Wagtail admin: proposals, comments and opinion-round statements
awaiting a decision, each opened on its context, decided with a reason through
services/moderation.py.

Every view needs one of the moderation permissions (moderate_proposal, moderate_comment,
moderate_statement); the admin's own wrapper already turned away anyone without admin access.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.models import ModelLogEntry

from .. import permissions
from ..models import Comment, ModerationReason, Proposal, Sanction, Statement, StatementVote
from ..moderation_forms import DECISIONS, DecisionForm, LiftForm, QueueFilterForm, SanctionForm
from ..moderation_queue import moderation_queue, queue_items
from ..services import appeals, moderation, sanctions
from .answers_admin import record_answer, record_merge, answer_and_merge_forms

QUEUE_URL_NAME = "moderation:index"
ITEM_URL_NAME = "moderation:item"
MODELS = {"proposal": Proposal, "comment": Comment, "statement": Statement}
PER_PAGE = 50


def may_moderate(user):
    return any(user.has_perm(codename) for codename in permissions.MODERATION_PERMISSIONS.values())


class ModeratorsOnlyMixin:
    header_icon = "warning"
    page_title = gettext_lazy("Moderation")

    def dispatch(self, request, *args, **kwargs):
        if not may_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class QueueView(ModeratorsOnlyMixin, generic.WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/moderation/queue.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        form = QueueFilterForm(self.request.GET or None)
        queue = moderation_queue(scope=permissions.moderation_scope(self.request.user), **form.filters())
        page = Paginator(queue, PER_PAGE).get_page(self.request.GET.get("p"))
        if form.shows_whole_waiting_queue():
            # The admin menu shows the same number: counted once.
            self.request.moderation_waiting = page.paginator.count
        query = self.request.GET.copy()
        query.pop("p", None)
        return super().get_context_data(
            filter_form=form,
            page_obj=page,
            rows=[_row(item) for item in queue_items(list(page.object_list))],
            query=query.urlencode(),
            filter_params=[(key, value) for key, values in query.lists() for value in values],
            bulk_decisions=[(key, DECISIONS[key]) for key in ("approve", "reject", "hide", "restore", "keep")],
            **kwargs,
        )


class SanctionMixin:
    def sanction(self, request):
        form = SanctionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sanctions.sanction_account(
                    self.sanctioned_account(request),
                    moderator=request.user,
                    kind=data["kind"],
                    reason=data["reason"],
                    note=data["note"],
                    until=data["until"],
                    hide_contributions=data["hide_contributions"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error.messages[0] if hasattr(error, "messages") else str(error))
            else:
                messages.success(request, _("Sanction recorded: the account holder is told."))
                return redirect(request.path)
        self.sanction_form = form
        return self.render_to_response(self.get_context_data())

    def sanctioned_account(self, request):
        """The item's author, or one of the citizens who reported it (a report in bad faith)."""
        raw = request.POST.get("report", "")
        if not raw:
            if self.item.author is None:  # a statement written by staff
                raise Http404
            return self.item.author
        if not (raw.isascii() and raw.isdigit() and len(raw) < 12):
            raise Http404
        return get_object_or_404(self.item.reports.select_related("reporter"), pk=int(raw)).reporter

    def lift(self, request):
        raw = request.POST.get("lift", "")
        if not (raw.isascii() and raw.isdigit() and len(raw) < 12):
            raise Http404
        sanction = get_object_or_404(Sanction, pk=int(raw), user=self.item.author)
        form = LiftForm(request.POST)
        try:
            sanctions.lift_sanction(sanction, moderator=request.user, note=form.data.get("note", "")[:1000])
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error.messages[0] if hasattr(error, "messages") else str(error))
        else:
            messages.success(request, _("Sanction lifted."))
        return redirect(request.path)


class ItemView(ModeratorsOnlyMixin, SanctionMixin, generic.WagtailAdminTemplateMixin, TemplateView):
    """One contribution with what a moderator needs to decide: the thread or proposal it belongs
    to, its consultation, its author's other contributions and past outcomes, its history."""

    template_name = "consultations/admin/moderation/item.html"
    form = None
    sanction_form = None
    answer_form = None
    merge_form = None

    @cached_property
    def item(self):
        model = MODELS.get(self.kwargs["kind"])
        if model is None:
            raise Http404
        related = ["author", "moderation_reason"] + (["round__consultation"] if model is Statement else [])
        item = get_object_or_404(model.objects.select_related(*related), pk=self.kwargs["pk"])
        if not permissions.can_moderate(self.request.user, item):
            raise PermissionDenied
        return item

    def get_page_subtitle(self):
        return str(self.item)[:80]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(QUEUE_URL_NAME), "label": self.get_page_title()},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        item = self.item
        kind = self.kwargs["kind"]
        author = item.author
        thread, statement_votes = [], None
        if kind == "proposal":
            consultation = item.consultation
            thread = list(Comment.objects.filter(proposal=item).select_related("author").order_by("created_at")[:50])
            public_url = item.get_absolute_url()
        elif kind == "statement":
            consultation = item.round.consultation
            statement_votes = _vote_counts(item)
            # A statement is shown in its round on the consultation's page, not on a page of its own.
            public_url = consultation.url
        else:
            consultation = permissions.consultation_of(item.target)
            first = item.parent or item
            thread = [first, *first.replies.select_related("author").order_by("created_at")]
            public_url = item.get_absolute_url()
        history = list(ModelLogEntry.objects.for_instance(item).select_related("user").order_by("-timestamp")[:20])
        return super().get_context_data(
            item=item,
            consultation=consultation,
            thread=thread,
            statement_votes=statement_votes,
            author=author,
            # Staff's own statements have no author: no record, no sanction.
            author_outcomes=_outcomes(author) if author else [],
            history=history,
            resubmitted_from=next((entry.data for entry in history if entry.action == appeals.LOG_RESUBMITTED), None),
            form=self.form or DecisionForm(item=item),
            sanction_form=self.sanction_form or SanctionForm(),
            lift_form=LiftForm(),
            author_sanctions=list(author.sanctions.select_related("reason", "created_by").order_by("-created_at")[:10])
            if author
            else [],
            reports=list(
                item.reports.select_related("reporter", "reason")
                .annotate(reporter_total=Count("reporter__reports"))
                .order_by("-created_at")[:50]
            ),
            warning_reasons=ModerationReason.objects.filter(active=True),
            public_url=public_url,
            **(answer_and_merge_forms(self.request.user, item, self.answer_form, self.merge_form) if kind == "proposal" else {}),
            # Also when a refused form is shown again, which passes no URL arguments.
            **{**kwargs, "kind": kind},
        )

    def post(self, request, *args, **kwargs):
        if "sanction" in request.POST:
            return self.sanction(request)
        if "lift" in request.POST:
            return self.lift(request)
        if self.kwargs["kind"] == "proposal" and ("answer_status" in request.POST or "into" in request.POST):
            return self.answer_or_merge(request)
        item = self.item
        form = DecisionForm(request.POST, item=item)
        if form.is_valid():
            data = form.cleaned_data
            try:
                moderation.decide(
                    item,
                    data["decision"],
                    moderator=request.user,
                    reason=data["reason"],
                    note=data["note"],
                    seen_status=data["seen_status"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Decision recorded: the author is told."))
                return redirect(QUEUE_URL_NAME)
        self.form = form
        return self.render_to_response(self.get_context_data())


    def answer_or_merge(self, request):
        if "answer_status" in request.POST:
            self.answer_form = record_answer(request, self.item)
            failed = self.answer_form
        else:
            self.merge_form = record_merge(request, self.item)
            failed = self.merge_form
        if failed is None:
            return redirect(request.path)
        return self.render_to_response(self.get_context_data())


@dataclass
class QueueRow:
    kind: str
    item: object
    where: str  # the consultation, or the local project, it was posted in

    @property
    def label(self):
        return short_label(self.item)


def short_label(item):
    """A contribution named in a line: its title, or its comment's or statement's first words."""
    if isinstance(item, Proposal):
        text = item.title
    elif isinstance(item, Statement):
        text = item.text
    else:
        text = item.body
    return text if len(text) <= 60 else text[:59] + "…"


def _row(item):
    if isinstance(item, Proposal):
        return QueueRow("proposal", item, item.consultation.title)
    if isinstance(item, Statement):
        return QueueRow("statement", item, item.round.consultation.title)
    if item.proposal_id:
        return QueueRow("comment", item, item.proposal.consultation.title)
    return QueueRow("comment", item, (item.consultation or item.local_project or item.page).title)


def _vote_counts(statement):
    """How participants voted on a statement: agree, disagree and pass, in one query."""
    Value = StatementVote.Value
    counts = statement.votes.aggregate(
        agree=Count("pk", filter=Q(value=Value.AGREE)),
        disagree=Count("pk", filter=Q(value=Value.DISAGREE)),
        passed=Count("pk", filter=Q(value=Value.PASS)),
    )
    return {**counts, "total": counts["agree"] + counts["disagree"] + counts["passed"]}


def _outcomes(author):
    """How the author's proposals, comments and statements stand, each kind with its own words
    ("publiée", "publié"): one count per status, in three queries."""
    outcomes = []
    for model in (Proposal, Comment, Statement):
        counts = model.objects.filter(author=author).values("status").annotate(n=Count("id")).order_by("status")
        outcomes.append(
            (model._meta.verbose_name_plural, [(model.Status(row["status"]).label, row["n"]) for row in counts])
        )
    return outcomes
