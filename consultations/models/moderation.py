"""What moderation records on a contribution: the reasons moderators choose from (editable
snippets), and the last decision taken on each proposal and comment. The full history is in
Wagtail's log entries (services/moderation.py writes both)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


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


class Appeal(models.TextChoices):
    CONTESTED = "contested", _("Contested")
    RESUBMITTED = "resubmitted", _("Edited and resubmitted")


def appeal_constraints(model_name):
    """An appeal is dated, and only a contest carries the author's text."""
    return [
        models.CheckConstraint(
            condition=models.Q(appeal="", appealed_at__isnull=True)
            | models.Q(appeal__in=Appeal.values, appealed_at__isnull=False),
            name=f"{model_name}_appeal_is_dated",
        ),
        models.CheckConstraint(
            condition=models.Q(appeal=Appeal.CONTESTED) | models.Q(appeal_text=""),
            name=f"{model_name}_appeal_text_for_contests",
        ),
    ]


def awaiting_moderation_index(name):
    """The queue's rows among all contributions (awaiting a decision, reported, or appealed), by
    age: a few hundred among tens of thousands, so the queue and its count read them alone."""
    return models.Index(
        fields=["created_at"],
        name=name,
        condition=models.Q(status="pending") | models.Q(report_count__gt=0) | models.Q(appealed_at__isnull=False),
    )


class Moderated(models.Model):
    """The last moderation decision on a contribution: shown to its author, and checked when two
    moderators decide at once (the second is told who decided first, and when). Its author may
    contest a rejection or a hiding, or edit and resubmit, once (services/appeals.py)."""

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
    # Reports since the last decision: a contribution reported after it was decided is back in
    # the queue.
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    reported_at = models.DateTimeField(_("last reported on"), null=True, blank=True)
    appeal = models.CharField(_("appeal"), max_length=20, choices=Appeal.choices, blank=True)
    appeal_text = models.TextField(_("why the author contests"), max_length=500, blank=True)
    appealed_at = models.DateTimeField(_("appealed on"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def has_outcome_to_tell(self):
        """A moderator rejected or hid it, or its author appealed: what its author reads about it."""
        return bool(self.appeal) or (self.moderated_at is not None and self.status in ("rejected", "hidden"))

    @property
    def appeal_awaits(self):
        """Contested or resubmitted, and no moderator has decided since."""
        return self.appealed_at is not None and (self.moderated_at is None or self.moderated_at < self.appealed_at)


class Report(models.Model):
    """A citizen's report of a proposal or a comment: once per citizen and contribution. Its
    author never learns who reported it."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="reports"
    )
    proposal = models.ForeignKey(
        "consultations.Proposal", null=True, blank=True, on_delete=models.CASCADE, related_name="reports",
        verbose_name=_("proposal"),
    )
    comment = models.ForeignKey(
        "consultations.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="reports",
        verbose_name=_("comment"),
    )
    statement = models.ForeignKey(
        "consultations.Statement", null=True, blank=True, on_delete=models.CASCADE, related_name="reports",
        verbose_name=_("statement"),
    )
    reason = models.ForeignKey(ModerationReason, verbose_name=_("reason"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reported on"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False, comment__isnull=True, statement__isnull=True)
                | models.Q(proposal__isnull=True, comment__isnull=False, statement__isnull=True)
                | models.Q(proposal__isnull=True, comment__isnull=True, statement__isnull=False),
                name="report_has_one_target",
            ),
            models.UniqueConstraint(fields=["reporter", "proposal"], name="proposal_reported_once"),
            models.UniqueConstraint(fields=["reporter", "comment"], name="comment_reported_once"),
            models.UniqueConstraint(fields=["reporter", "statement"], name="statement_reported_once"),
        ]

    def __str__(self):
        return f"{self.reason} ({self.created_at:%Y-%m-%d})"


@register_setting(icon="warning")
class ModerationSettings(BaseSiteSetting):
    """How a site's moderation reacts to citizens' reports."""

    report_threshold = models.PositiveSmallIntegerField(
        _("reports that hide a contribution"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Once this many different participants have reported a published contribution, it is "
            "hidden until a moderator reviews it."
        ),
    )

    class Meta:
        verbose_name = _("moderation settings")


class SanctionQuerySet(models.QuerySet):
    def keeping_out(self, user):
        """The suspensions and bans that keep the account out now, newest first."""
        now = timezone.now()
        return (
            self.filter(user=user, kind__in=["suspension", "ban"], lifted_at__isnull=True)
            .exclude(kind="suspension", until__lte=now)
            .order_by("-created_at")
        )


class Sanction(models.Model):
    """A moderator's sanction of an account: a warning, a suspension until a date, or a ban. A
    suspended or banned account still reads and signs in, and takes part in nothing."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        SUSPENSION = "suspension", _("Suspension")
        BAN = "ban", _("Ban")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(_("sanction"), max_length=20, choices=Kind.choices)
    reason = models.ForeignKey(ModerationReason, verbose_name=_("reason"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note to the account holder"), max_length=1000, blank=True)
    until = models.DateTimeField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("decided on"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted on"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lifted by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    lift_note = models.TextField(_("why it was lifted"), max_length=1000, blank=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        indexes = [models.Index(fields=["user", "-created_at"], name="sanction_of_user")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.reason})"
