from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import codes

RECEIPT_LENGTH = 16


def new_receipt():
    """An opaque, unguessable code (80 bits) the voter keeps to check their ballot."""
    return codes.grouped(codes.new_code(RECEIPT_LENGTH))


class Support(models.Model):
    """A citizen's support for a proposal: at most one per citizen and proposal."""

    proposal = models.ForeignKey(
        "consultations.Proposal", on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_citizen")
        ]
        indexes = [models.Index(fields=["user", "proposal"], name="support_by_user")]


class Ballot(models.Model):
    """One voter's ballot in one consultation; changing one's vote rewrites its choices.

    The voter column is never null, so the unique constraint holds on every database; when an
    account is deleted the ballot keeps pointing at the anonymised row and stays counted.
    """

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.PROTECT, related_name="ballots"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ballots"
    )
    method = models.CharField(_("vote method"), max_length=20)
    receipt = models.CharField(_("receipt"), max_length=19, unique=True, default=new_receipt)
    created_at = models.DateTimeField(_("cast on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed on"), auto_now=True)
    revision = models.PositiveIntegerField(_("number of changes"), default=0)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "voter"], name="one_ballot_per_voter_and_consultation"
            )
        ]

    def __str__(self):
        return self.receipt


class BallotChoice(models.Model):
    """What a ballot says of one project.

    value: for/against/abstain → 1 / -1 / 0; approval and budget → 1; points → points given.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(
        "consultations.LocalProjectPage", on_delete=models.PROTECT, related_name="ballot_choices"
    )
    value = models.SmallIntegerField(_("value"))

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="one_choice_per_project"),
            models.CheckConstraint(condition=Q(value__gte=-1), name="choice_value_not_below_minus_one"),
        ]
        indexes = [models.Index(fields=["project", "value"], name="choice_by_project")]
