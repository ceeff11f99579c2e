import uuid

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.search import index

from ..validators import plain_text
from .moderation import Moderated, awaiting_moderation_index, appeal_constraints

# Random order with a seed per visitor: a multiplicative hash of the id, stable for one seed.
RANDOM_MODULUS = 2_147_483_647


class ProposalQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Proposal.Status.PUBLISHED)

    def for_consultation(self, consultation):
        return self.filter(consultation_id=consultation.pk)

    def awaiting_moderation(self):
        return self.filter(status=Proposal.Status.PENDING)

    def visible_to(self, user):
        """What `user` may see (Proposal.is_visible_to, in SQL)."""
        if user.has_perm("consultations.moderate_proposal"):
            return self
        public = models.Q(status__in=Proposal.PUBLIC_STATUSES)
        if user.is_authenticated:
            return self.filter(public | models.Q(author=user))
        return self.filter(public)

    def in_random_order(self, seed):
        multiplier = 48271 + (seed % 10_000) * 2
        return self.alias(
            random_rank=(F("id") * multiplier + seed) % RANDOM_MODULUS
        ).order_by("random_rank", "id")

    def for_listing(self):
        # The tags come through their links rather than taggit's manager, which costs a queryset
        # per proposal even when prefetched (3 ms for a page of twenty): see Proposal.keywords.
        return self.select_related("author", "neighbourhood").prefetch_related(
            models.Prefetch(
                "tagged_items",
                queryset=TaggedProposal.objects.select_related("tag").order_by("tag__name"),
                to_attr="listed_tag_links",
            )
        )


class TaggedProposal(TaggedItemBase):
    content_object = models.ForeignKey(
        "consultations.Proposal", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Proposal(Moderated, index.Indexed, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", pgettext_lazy("proposal status", "Published")
        REJECTED = "rejected", pgettext_lazy("proposal status", "Rejected")
        HIDDEN = "hidden", _("Hidden by moderation")
        WITHDRAWN = "withdrawn", _("Withdrawn by its author")
        MERGED = "merged", _("Merged into another proposal")

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        ACCEPTED_WITH_CHANGES = "accepted_with_changes", _("Accepted with changes")
        UNDER_STUDY = "under_study", _("Under study")
        ALREADY_PLANNED = "already_planned", _("Already planned")
        NOT_RETAINED = "not_retained", _("Not retained")

    # Shown to everyone; the others only to their author and to moderators.
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN, Status.MERGED)

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=120, validators=[MinLengthValidator(5), plain_text])
    body = models.TextField(
        _("description"), max_length=5000, validators=[MinLengthValidator(20), plain_text]
    )
    tags = TaggableManager(through=TaggedProposal, blank=True, verbose_name=_("tags"))
    neighbourhood = models.ForeignKey(
        "consultations.Neighbourhood",
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan = models.FileField(
        _("plan"), upload_to="proposals/plans/%Y/%m/", blank=True,
        help_text=_("A PDF plan attached by the author."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=False
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="merged_proposals",
    )
    answer_status = models.CharField(
        _("official answer"), max_length=30, choices=Answer.choices, blank=True, default=""
    )
    answer_text = models.TextField(
        _("text of the official answer"), max_length=3000, blank=True, validators=[plain_text]
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("posted on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    # The form's one-time key: a double click posts it twice, the constraint keeps one proposal.
    submission_key = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = ProposalQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("body"),
        index.FilterField("consultation_id"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["consultation", "status", "-created_at"], name="proposal_newest"),
            models.Index(fields=["consultation", "status", "-support_count"], name="proposal_supported"),
            models.Index(fields=["consultation", "status", "-comment_count"], name="proposal_discussed"),
            models.Index(fields=["author", "-created_at"], name="proposal_author"),
            models.Index(fields=["status", "created_at"], name="proposal_moderation"),
            awaiting_moderation_index("proposal_awaiting"),
            models.Index(fields=["consultation", "answer_status"], name="proposal_answer"),
        ]
        constraints = [
            *appeal_constraints("proposal"),
            models.UniqueConstraint(
                fields=["author", "submission_key"], name="proposal_posted_once"
            )
        ]
        permissions = [("moderate_proposal", _("Can moderate proposals"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:proposal_detail", args=[self.pk])

    @property
    def board_decision_or_none(self):
        """The board's decision on it, if any (read with select_related("board_decision"))."""
        try:
            return self.board_decision
        except models.ObjectDoesNotExist:
            return None

    @property
    def keywords(self):
        """The proposal's tags, by name: from `for_listing()`'s prefetch when it was read so."""
        links = getattr(self, "listed_tag_links", None)
        if links is not None:
            return [link.tag for link in links]
        return sorted(self.tags.all(), key=lambda tag: tag.name)

    @property
    def plan_size(self):
        try:
            return self.plan.size if self.plan else None
        except OSError:  # a file lost from the storage: the link stays, without its size
            return None

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def is_visible_to(self, user):
        return (
            self.status in self.PUBLIC_STATUSES
            or (user.is_authenticated and self.author_id == user.pk)
            or user.has_perm("consultations.moderate_proposal")
        )
