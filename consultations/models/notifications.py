from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..phases import Phase
from .targets import HasTarget, TargetQuerySet


class FollowQuerySet(TargetQuerySet):
    def of(self, user):
        return self.filter(user=user)

    def for_listing(self):
        return self.select_related("consultation", "proposal__consultation").order_by(
            "-created_at", "-id"
        )


class Follow(HasTarget):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows",
        verbose_name=_("user"),
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage", null=True, blank=True, on_delete=models.CASCADE,
        related_name="follows", verbose_name=_("consultation"),
    )
    proposal = models.ForeignKey(
        "consultations.Proposal", null=True, blank=True, on_delete=models.CASCADE,
        related_name="follows", verbose_name=_("proposal"),
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    objects = FollowQuerySet.as_manager()
    target_fields = ("proposal", "consultation")

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                name="follow_has_exactly_one_target",
                condition=Q(consultation__isnull=False, proposal__isnull=True)
                | Q(consultation__isnull=True, proposal__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "consultation"],
                condition=Q(consultation__isnull=False),
                name="follow_consultation_once",
            ),
            models.UniqueConstraint(
                fields=["user", "proposal"],
                condition=Q(proposal__isnull=False),
                name="follow_proposal_once",
            ),
        ]

    def __str__(self):
        return str(self.target)


class NotificationPreferences(models.Model):
    """Which emails a user accepts; a missing row means every email is wanted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences",
        verbose_name=_("user"),
    )
    replies = models.BooleanField(_("replies to comments"), default=True)
    proposal_status = models.BooleanField(_("moderation decisions on my proposals and comments"), default=True)
    phase_changes = models.BooleanField(_("new phases of followed consultations"), default=True)
    results = models.BooleanField(_("results of followed consultations"), default=True)
    answers = models.BooleanField(
        _("official answers to the proposals I follow or support"), default=True
    )
    decisions = models.BooleanField(
        _("decisions on consultations I took part in, and progress of what was adopted"), default=True
    )
    campaign_updates = models.BooleanField(
        _("news from the financing campaigns I follow or back"), default=True
    )
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    KINDS = ("replies", "proposal_status", "phase_changes", "results", "answers", "decisions", "campaign_updates")

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class PhaseNotice(models.Model):
    """A phase of a consultation that followers have been told about, so it is announced once."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="phase_notices",
        verbose_name=_("consultation"),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    sent_at = models.DateTimeField(_("announced on"), auto_now_add=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("phase announcement")
        verbose_name_plural = _("phase announcements")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "phase"], name="phase_announced_once")
        ]

    def __str__(self):
        return f"{self.consultation} — {self.get_phase_display()}"
