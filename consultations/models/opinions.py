"""Opinion rounds: short statements voted agree / disagree / pass, from which opinion groups are
computed (consultations/opinion/, Polis's method).

One vote per participant and statement (a unique constraint): voting again rewrites the row, so
the latest vote counts and nothing is counted twice.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .moderation import Moderated, appeal_constraints, awaiting_moderation_index


class OpinionRound(ClusterableModel):
    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="opinion_rounds"
    )
    title = models.CharField(_("title"), max_length=255)
    introduction = models.TextField(
        _("introduction"), blank=True,
        help_text=_("Shown above the statements: what the round is about and how votes are used."),
    )
    accepts_statements = models.BooleanField(
        _("participants may propose statements"), default=True,
        help_text=_("Their statements are published once a moderator approves them."),
    )
    opens_at = models.DateTimeField(_("opens on"))
    closes_at = models.DateTimeField(_("closes on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    external_source = models.CharField(
        _("imported from"), max_length=200, blank=True,
        help_text=_("For an imported conversation, e.g. polis:15-per-hour-seattle."),
    )
    # Imported rounds only: {account id: the participant id in the source}, so that results can
    # be given back with the source's ids. Kept here rather than on the accounts, which are
    # ordinary (inactive) users.
    external_participants = models.JSONField(default=dict, blank=True, editable=False)
    # Set by the first vote after a computation, cleared when the computation starts: votes in
    # between queue nothing more (services/opinions.py debounces through it).
    computation_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("opinion round")
        verbose_name_plural = _("opinion rounds")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:opinion_round", args=[self.consultation_id, self.pk])

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The round must close after it opens.")})

    def is_open(self, moment=None):
        moment = moment or timezone.now()
        return self.opens_at <= moment and (self.closes_at is None or moment < self.closes_at)


class StatementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Statement.Status.PUBLISHED)


class Statement(Moderated):
    """A short sentence participants agree or disagree with. Staff's statements are published as
    written; participants' ones await moderation, as their proposals and comments do."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", pgettext_lazy("statement status", "Published")
        REJECTED = "rejected", pgettext_lazy("statement status", "Rejected")
        HIDDEN = "hidden", pgettext_lazy("statement status", "Hidden by moderation")

    round = ParentalKey(OpinionRound, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=400)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    # Empty for the statements staff seed the round with.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="statements",
    )
    external_id = models.CharField(_("identifier in the source"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["round", "status"], name="statement_by_round_status"),
            awaiting_moderation_index("statement_awaiting"),
        ]
        constraints = appeal_constraints("statement")
        permissions = [("moderate_statement", _("Can moderate statements"))]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("consultations:opinion_round", args=[self.round.consultation_id, self.round_id])


class StatementVote(models.Model):
    class Value(models.IntegerChoices):
        AGREE = 1, _("Agree")
        DISAGREE = -1, _("Disagree")
        PASS = 0, _("Pass")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="statement_votes"
    )
    value = models.SmallIntegerField(_("vote"), choices=Value.choices)
    created_at = models.DateTimeField(_("voted on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed on"), auto_now=True)

    class Meta:
        verbose_name = _("statement vote")
        verbose_name_plural = _("statement votes")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "participant"], name="one_vote_per_participant_and_statement"
            ),
            models.CheckConstraint(condition=Q(value__in=(-1, 0, 1)), name="statement_vote_value_known"),
        ]

    def __str__(self):
        return f"{self.statement_id}: {self.value}"


class OpinionResult(models.Model):
    """A stored computation: `data` is `OpinionGroups.as_json()`, keyed by account and statement ids."""

    round = models.ForeignKey(OpinionRound, on_delete=models.CASCADE, related_name="results")
    computed_at = models.DateTimeField(_("computed on"), auto_now_add=True)
    data = models.JSONField(_("result"))
    vote_count = models.PositiveIntegerField(_("votes counted"))

    class Meta:
        verbose_name = _("opinion groups result")
        verbose_name_plural = _("opinion groups results")
        get_latest_by = "computed_at"

    def __str__(self):
        return f"{self.round} ({self.computed_at:%Y-%m-%d %H:%M})"
