from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BoardDecisionQuerySet(models.QuerySet):
    def for_consultation(self, consultation):
        return self.filter(consultation_id=consultation.pk)

    def adopted(self):
        return self.filter(outcome__in=BoardDecision.ADOPTED)


class BoardDecision(models.Model):
    """What the board decided about one local project or one proposal of a consultation.

    Recorded from the officials' spreadsheet (services/decisions.py); the latest implementation
    update of an adopted item is copied onto it (stage, progress) so the public follow-up list
    filters and sorts in SQL without a query per row.
    """

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Adopted with changes")
        DEFERRED = "deferred", _("Deferred")
        REJECTED = "rejected", _("Rejected")

    ADOPTED = (Outcome.ADOPTED, Outcome.ADOPTED_WITH_CHANGES)

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="board_decisions",
        verbose_name=_("consultation"),
    )
    local_project = models.OneToOneField(
        "consultations.LocalProjectPage", null=True, blank=True, on_delete=models.CASCADE,
        related_name="board_decision", verbose_name=_("local project"),
    )
    proposal = models.OneToOneField(
        "consultations.Proposal", null=True, blank=True, on_delete=models.CASCADE,
        related_name="board_decision", verbose_name=_("proposal"),
    )
    outcome = models.CharField(_("decision"), max_length=24, choices=Outcome.choices)
    budget_granted = models.DecimalField(
        _("budget granted (€)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    meeting_date = models.DateField(_("board meeting date"))
    rationale = models.TextField(_("rationale"), max_length=2000, blank=True)
    department = models.CharField(_("responsible department"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("recorded on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed on"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recorded by"),
    )
    stage = models.CharField(_("progress"), max_length=20, blank=True, default="")
    progress = models.PositiveSmallIntegerField(_("percentage done"), null=True, blank=True)
    progress_on = models.DateField(_("progress as of"), null=True, blank=True)

    objects = BoardDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("board decision")
        verbose_name_plural = _("board decisions")
        constraints = [
            models.CheckConstraint(
                name="decision_has_exactly_one_item",
                condition=Q(local_project__isnull=False, proposal__isnull=True)
                | Q(local_project__isnull=True, proposal__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["consultation", "outcome"], name="decision_by_outcome"),
            models.Index(fields=["outcome", "meeting_date"], name="decision_follow_up"),
        ]

    def __str__(self):
        return f"{self.item} — {self.get_outcome_display()}"

    @property
    def item(self):
        return self.local_project if self.local_project_id else self.proposal

    @property
    def is_adopted(self):
        return self.outcome in self.ADOPTED


class ImplementationUpdate(models.Model):
    """A dated step in carrying out an adopted item: what the public follow-up page shows."""

    class Stage(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ABANDONED = "abandoned", _("Abandoned")

    FINAL = (Stage.DONE, Stage.ABANDONED)

    decision = models.ForeignKey(
        BoardDecision, on_delete=models.CASCADE, related_name="updates", verbose_name=_("decision"),
    )
    date = models.DateField(_("date"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    percent = models.PositiveSmallIntegerField(
        _("percentage done"), validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    text = models.TextField(_("what happened"), max_length=1000)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("photo"),
    )
    created_at = models.DateTimeField(_("entered on"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("entered by"),
    )

    class Meta:
        verbose_name = _("implementation update")
        verbose_name_plural = _("implementation updates")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["decision", "date"], name="update_by_decision")]
        constraints = [
            models.CheckConstraint(name="update_percent_at_most_100", condition=Q(percent__lte=100)),
        ]

    def __str__(self):
        return f"{self.decision.item} — {self.date} — {self.get_stage_display()}"


class DecisionNotice(models.Model):
    """A participant told what was decided in a consultation: each is told once."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="decision_notices",
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision announcement")
        verbose_name_plural = _("decision announcements")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="decisions_announced_once")
        ]
