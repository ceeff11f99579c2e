"""What moderation records on a contribution: the reasons moderators choose from (editable
snippets), and the last decision taken on each proposal and comment. The full history is in
Wagtail's log entries (services/moderation.py writes both)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModerationReason(models.Model):
    """A reason a moderator gives for a decision, and a citizen for a report: "insult", "spam"…
    Editors add or reword them; a reason in use is deactivated rather than deleted."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=80)
    explanation = models.TextField(
        _("explanation for the author"),
        blank=True,
        help_text=_("Sent to the author with the decision: which rule of the charter applies."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("moderation reason")
        verbose_name_plural = _("moderation reasons")
        ordering = ["sort_order", "label"]

    def __str__(self):
        return self.label


class Moderated(models.Model):
    """The last moderation decision on a contribution: shown to its author, and checked when two
    moderators decide at once (the second is told who decided first, and when)."""

    moderated_at = models.DateTimeField(_("moderated on"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_reason = models.ForeignKey(
        ModerationReason,
        verbose_name=_("reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    moderation_note = models.TextField(_("moderator's note"), max_length=1000, blank=True)

    class Meta:
        abstract = True
