from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..postcodes import french_postcode
from .places import Neighbourhood
from .users import User

MAX_BATCH_SIZE = 5000


class ResidentCodeBatchQuerySet(models.QuerySet):
    def with_used_count(self):
        return self.annotate(used_count=Count("codes", filter=Q(codes__used_at__isnull=False)))


class ResidentCodeBatch(models.Model):
    """Letter codes printed and mailed together to the households of one area."""

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resident_code_batches",
    )
    postcode = models.CharField(
        _("postcode"), max_length=10, blank=True, validators=[french_postcode]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"))
    size = models.PositiveIntegerField(
        _("number of codes"), validators=[MinValueValidator(1), MaxValueValidator(MAX_BATCH_SIZE)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ResidentCodeBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("batch of resident codes")
        verbose_name_plural = _("batches of resident codes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(neighbourhood__isnull=False) & Q(postcode=""))
                | (Q(neighbourhood__isnull=True) & ~Q(postcode="")),
                name="resident_code_batch_one_area",
                violation_error_message=_("Choose a neighbourhood or enter a postcode, not both."),
            ),
        ]

    def __str__(self):
        return f"{self.area} ({self.created_at:%Y-%m-%d})" if self.created_at else self.area

    @property
    def area(self):
        return self.neighbourhood.name if self.neighbourhood_id else self.postcode

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()


class ResidentCode(models.Model):
    """One single-use code; only its keyed hash is stored, the clear code exists on paper only."""

    batch = models.ForeignKey(
        ResidentCodeBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="codes"
    )
    code_hash = models.CharField(_("code fingerprint"), max_length=64, unique=True)
    used_at = models.DateTimeField(_("used on"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("used by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("resident code")
        verbose_name_plural = _("resident codes")

    def __str__(self):
        return f"{self.batch} #{self.pk}"


class ResidentVerificationEvent(models.Model):
    """Audit trail of the resident status: who verified or revoked it, how, when, for which area."""

    class Action(models.TextChoices):
        VERIFIED = "verified", pgettext_lazy("resident verification", "Verified")
        REVOKED = "revoked", pgettext_lazy("resident verification", "Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="resident_verification_events",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    method = models.CharField(
        _("verification method"), max_length=20, choices=User.VerificationMethod.choices, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("date"), default=timezone.now)
    area = models.CharField(_("area"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("resident verification event")
        verbose_name_plural = _("resident verification events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.user_id} @ {self.at:%Y-%m-%d %H:%M}"
