"""Opinion rounds in the admin, for the editors of their consultation (permission_policies.py):
the listing with each round's status, figures and last computation, the form with the staff's
statements, and « Recalculer maintenant ».

Rules of the form:
- the consultation is one whose page the editor edits;
- the staff's statements are published as written, with no author; participants' statements are
  shown, not edited: moderators decide on them in the moderation queue;
- a statement somebody voted on is neither deleted nor reworded (the votes were on its words):
  moderation hides it instead.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import HelpPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic

from .. import activity, permissions
from ..models import ConsultationPage, OpinionResult, OpinionRound, Statement, StatementVote
from ..services.opinions import compute_opinion_round

INDEX_URL_NAME = "opinion_rounds:index"
RECOMPUTE_URL_NAME = "opinion_rounds:recompute"

UPCOMING = pgettext_lazy("opinion round", "Upcoming")
OPEN = pgettext_lazy("opinion round", "Open")
CLOSED = pgettext_lazy("opinion round", "Closed")


def round_status(opinion_round, moment=None):
    moment = moment or timezone.now()
    if moment < opinion_round.opens_at:
        return UPCOMING
    return OPEN if opinion_round.is_open(moment) else CLOSED


class StaffStatementsFormSetMixin:
    """The formset of the staff's statements (the participants' ones are left out of it)."""

    def clean(self):
        super().clean()
        known = [form.instance.pk for form in self.forms if form.instance.pk]
        voted = set(
            StatementVote.objects.filter(statement__in=known).values_list("statement", flat=True).distinct()
        )
        errors = []
        for form in self.forms:
            if form.instance.pk not in voted:
                continue
            if self._should_delete_form(form):
                errors.append(ValidationError(
                    _("« %(text)s » has votes: it cannot be deleted. Hide it from the moderation queue instead.")
                    % {"text": form.instance.text}
                ))
            elif "text" in form.changed_data:
                errors.append(ValidationError(
                    _("« %(text)s » has votes: its wording cannot change. Add a new statement instead.")
                    % {"text": form.initial.get("text", form.instance.text)}
                ))
        if errors:
            raise ValidationError(errors)

    def save_new(self, form, commit=True):
        form.instance.status = Statement.Status.PUBLISHED
        form.instance.author = None
        return super().save_new(form, commit=commit)


class OpinionRoundForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        roots = permissions.editing_scope(self.for_user) if self.for_user else []
        consultations = ConsultationPage.objects.none()
        if roots:
            consultations = ConsultationPage.objects.filter(
                reduce(or_, (Q(path__startswith=root) for root in roots))
            ).order_by("title")
        self.fields["consultation"].queryset = consultations
        formset = self.formsets["statements"]
        staff_statements = (
            Statement.objects.filter(round=self.instance, author__isnull=True).order_by("pk")
            if self.instance.pk else Statement.objects.none()
        )
        formset_class = type("StaffStatementFormSet", (StaffStatementsFormSetMixin, type(formset)), {})
        self.formsets["statements"] = formset_class(
            self.data if self.is_bound else None,
            self.files if self.is_bound else None,
            instance=self.instance,
            prefix=formset.prefix,
            queryset=staff_statements,
            form_kwargs=formset.form_kwargs,
        )

    def save(self, commit=True):
        # The consultation page lists its rounds, and the round page its statements, kept under
        # the consultation's opinions version (consultations/activity.py): a saved round moves it.
        before = self.initial.get("consultation")
        instance = super().save(commit=commit)
        if commit:
            activity.changed(opinions=[instance.consultation_id, getattr(before, "pk", before)])
        return instance


class ProposedStatementsPanel(HelpPanel):
    """Participants' statements of the round, read only, with their moderation status."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "consultations/admin/opinion_rounds/proposed_statements.html")
        kwargs.setdefault("heading", gettext_lazy("Statements proposed by participants"))
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["statements"] = (
                list(self.instance.statements.filter(author__isnull=False).order_by("created_at", "pk"))
                if self.instance and self.instance.pk else []
            )
            return context


class RecomputeColumn(Column):
    cell_template_name = "consultations/admin/opinion_rounds/recompute_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context["csrf_token"] = get_token(request)
        context["url"] = reverse(RECOMPUTE_URL_NAME, args=[instance.pk])
        return context


def _per_round(queryset, round_field, counted, **options):
    """A count per round as a subquery: a join of statements, votes and results would multiply
    rows."""
    counts = queryset.order_by().values(round_field).annotate(n=Count(counted, **options)).values("n")[:1]
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


class IndexView(generic.IndexView):
    def get_base_queryset(self):
        rounds = self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["change"])
        votes = StatementVote.objects.filter(statement__round=OuterRef("pk"))
        return rounds.select_related("consultation").annotate(
            published_statements=_per_round(
                Statement.objects.filter(round=OuterRef("pk"), status=Statement.Status.PUBLISHED), "round", "pk"
            ),
            vote_total=_per_round(votes, "statement__round", "pk"),
            participant_total=_per_round(votes, "statement__round", "participant", distinct=True),
            last_computed_at=Subquery(
                OpinionResult.objects.filter(round=OuterRef("pk")).order_by("-computed_at").values("computed_at")[:1]
            ),
        )

    @property
    def columns(self):
        now = timezone.now()
        return [
            TitleColumn("title", label=_("Title"), url_name=self.edit_url_name, sort_key="title"),
            Column("consultation", label=_("Consultation")),
            Column("status", label=_("Status"), accessor=lambda opinion_round: round_status(opinion_round, now)),
            Column("published_statements", label=_("Statements"), sort_key="published_statements"),
            Column("participant_total", label=_("Participants"), sort_key="participant_total"),
            Column("vote_total", label=_("Votes"), sort_key="vote_total"),
            DateColumn("last_computed_at", label=_("Last computation"), sort_key="last_computed_at"),
            RecomputeColumn("recompute", label=_("Computation")),
        ]


class ItsEditorsOnly:
    """The round's own page (edit, delete) for the editors of its consultation: Wagtail checks
    the permission on the model only."""

    def get_object(self, queryset=None):
        opinion_round = super().get_object(queryset)
        if not self.user_has_permission_for_instance(self.permission_required, opinion_round):
            raise PermissionDenied
        return opinion_round


class EditView(ItsEditorsOnly, generic.EditView):
    pass


class ItsEditorsOnlyToRead:
    """The round's history and usage: also the editors of its consultation only."""

    def get_object(self):
        opinion_round = super().get_object()
        if not self.user_has_permission_for_instance("change", opinion_round):
            raise PermissionDenied
        return opinion_round


class HistoryView(ItsEditorsOnlyToRead, generic.HistoryView):
    pass


class UsageView(ItsEditorsOnlyToRead, generic.UsageView):
    pass


class DeleteView(ItsEditorsOnly, generic.DeleteView):
    def delete_action(self):
        consultation_id = self.object.consultation_id
        super().delete_action()
        # The consultation page's list of rounds is kept under this version.
        activity.changed(opinions=[consultation_id])


@require_POST
def recompute(request, pk):
    opinion_round = get_object_or_404(OpinionRound.objects.select_related("consultation"), pk=pk)
    if not permissions.can_manage_opinion_rounds(request.user, opinion_round.consultation):
        raise PermissionDenied
    compute_opinion_round.enqueue(opinion_round.pk, force=True)
    messages.success(request, _("Computation of « %(title)s » requested: the groups will be updated in a moment.")
                     % {"title": opinion_round.title})
    return redirect(reverse(INDEX_URL_NAME))
