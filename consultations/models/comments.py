import uuid

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..validators import plain_text
from .moderation import Moderated, awaiting_moderation_index, appeal_constraints
from .targets import HasTarget, TargetQuerySet


class CommentQuerySet(TargetQuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def visible_to(self, user):
        if user.is_authenticated:
            return self.filter(Q(status=Comment.Status.PUBLISHED) | Q(author=user))
        return self.published()

    def for_thread(self):
        return self.select_related("author").order_by("created_at", "id")


class Comment(Moderated, HasTarget):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", pgettext_lazy("comment status", "Published")
        REJECTED = "rejected", pgettext_lazy("comment status", "Rejected")
        HIDDEN = "hidden", pgettext_lazy("comment status", "Hidden by moderation")

    class Stance(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        NEUTRAL = "neutral", _("Neutral")

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", null=True, blank=True, on_delete=models.PROTECT,
        related_name="comments", verbose_name=_("consultation"),
    )
    local_project = models.ForeignKey(
        "consultations.LocalProjectPage", null=True, blank=True, on_delete=models.PROTECT,
        related_name="comments", verbose_name=_("local project"),
    )
    proposal = models.ForeignKey(
        "consultations.Proposal", null=True, blank=True, on_delete=models.PROTECT,
        related_name="comments", verbose_name=_("proposal"),
    )
    # A page discussed outside any consultation (a financing campaign): the app that owns its
    # type registers the rules of its discussion (consultations/discussions.py).
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.PROTECT,
        related_name="discussion_comments", verbose_name=_("page"),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies",
        verbose_name=_("in reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=3000, validators=[MinLengthValidator(2), plain_text])
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, default=Stance.NEUTRAL)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(_("posted on"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited on"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted by its author on"), null=True, blank=True)
    upvote_count = models.PositiveIntegerField(_("upvotes"), default=0)
    submission_key = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = CommentQuerySet.as_manager()
    # `page` last: consultations and local projects are pages too, and have their own column.
    target_fields = ("proposal", "local_project", "consultation", "page")

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            *appeal_constraints("comment"),
            models.UniqueConstraint(fields=["author", "submission_key"], name="comment_posted_once"),
            models.CheckConstraint(
                name="comment_has_exactly_one_target",
                condition=(
                    Q(consultation__isnull=False, local_project__isnull=True, proposal__isnull=True, page__isnull=True)
                    | Q(consultation__isnull=True, local_project__isnull=False, proposal__isnull=True, page__isnull=True)
                    | Q(consultation__isnull=True, local_project__isnull=True, proposal__isnull=False, page__isnull=True)
                    | Q(consultation__isnull=True, local_project__isnull=True, proposal__isnull=True, page__isnull=False)
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["proposal", "status", "created_at"], name="comment_on_proposal"),
            models.Index(fields=["consultation", "status", "created_at"], name="comment_on_consultation"),
            models.Index(fields=["local_project", "status", "created_at"], name="comment_on_project"),
            models.Index(fields=["page", "status", "created_at"], name="comment_on_page"),
            models.Index(fields=["status", "created_at"], name="comment_moderation"),
            awaiting_moderation_index("comment_awaiting"),
        ]
        permissions = [("moderate_comment", _("Can moderate comments"))]

    def __str__(self):
        return self.body[:60]

    @property
    def reply_form_id(self):
        return f"reply-{self.pk}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    def get_absolute_url(self):
        if self.proposal_id:  # no need to read the proposal to know its address
            url = reverse("consultations:proposal_detail", args=[self.proposal_id])
        else:
            url = self.target.url
        return f"{url}#comment-{self.pk}"


class CommentUpvote(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="upvotes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment upvote")
        verbose_name_plural = _("comment upvotes")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_upvote_per_comment")]
