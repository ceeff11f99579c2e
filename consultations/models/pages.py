from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from freshness.kept import kept
from freshness.pages import KeptViewRestrictions
from freshness.versions import CONTENT
from freshness.sites import current_site

from ..blocks import CONTEXT_RICH_TEXT, ConsultationContextBlock
from ..phases import Phase, current_phase, next_deadline, timeline
from ..postcodes import clean_postcode_list, postcode_list
from .places import Located

PHASE_DATE_FIELDS = [
    "proposals_opens_at",
    "proposals_closes_at",
    "vote_opens_at",
    "vote_closes_at",
    "decision_at",
]


class ConsultationIndexPage(KeptViewRestrictions):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["consultations.ConsultationPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("list of consultations")
        verbose_name_plural = _("lists of consultations")

    def get_context(self, request, *args, **kwargs):
        from .. import places, selectors
        from ..list_filters import ConsultationListFilters
        from ..querystrings import querystring_without_page

        context = super().get_context(request, *args, **kwargs)
        facilities, neighbourhoods = places.facilities(), places.neighbourhoods()
        chosen = ConsultationListFilters(
            request.GET, options={"facility": facilities, "neighbourhood": neighbourhoods}
        ).values()
        consultations = selectors.consultation_list(self, now=timezone.now(), **chosen)
        # What the filter form shows as selected: ids as the template compares them.
        filters = {name: getattr(value, "pk", value) or "" for name, value in chosen.items()}
        filters = {name: str(value) for name, value in filters.items()}
        context.update(
            consultations=Paginator(consultations, 12).get_page(request.GET.get("page")),
            filters_querystring=querystring_without_page(request),
            filters=filters,
            facilities=facilities,
            neighbourhoods=neighbourhoods,
        )
        return context


class ConsultationPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ConsultationPage(Located, KeptViewRestrictions):
    class Audience(models.TextChoices):
        SIGNED_IN = "signed_in", _("Anyone with an account")
        RESIDENTS = "residents", _("Verified residents only")

    class VoteMethod(models.TextChoices):
        NONE = "none", _("No vote")
        FOR_AGAINST = "for_against", _("For / against / abstain on each project")
        APPROVAL = "approval", _("Approval: choose up to a number of projects")
        BUDGET = "budget", _("Budget: choose projects within a budget")
        POINTS = "points", _("Points: spread points among projects")
        SUPPORT = "support", _("Supports: rank proposals by their supports")

    class BudgetRule(models.TextChoices):
        # The codes of consultations/budgeting.py.
        MES = "mes", _("Method of Equal Shares")
        GREEDY = "greedy", _("Most votes first, within the budget (greedy)")

    class Moderation(models.TextChoices):
        PRE = "pre", _("Pre-moderation: contributions appear once approved")
        POST = "post", _("Post-moderation: contributions appear at once, moderators may hide them")

    question = models.CharField(_("question asked"), max_length=255)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    context = StreamField(ConsultationContextBlock(), verbose_name=_("context"), blank=True)
    organiser = models.CharField(_("organiser"), max_length=120, blank=True)
    facility = models.ForeignKey(
        "consultations.Facility",
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    neighbourhoods = ParentalManyToManyField(
        "consultations.Neighbourhood", verbose_name=_("neighbourhoods concerned"), blank=True,
        related_name="consultations",
    )
    tags = ClusterTaggableManager(through=ConsultationPageTag, blank=True, verbose_name=_("tags"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    proposals_opens_at = models.DateTimeField(_("proposals open on"), null=True, blank=True)
    proposals_closes_at = models.DateTimeField(_("proposals close on"), null=True, blank=True)
    vote_opens_at = models.DateTimeField(_("vote opens on"), null=True, blank=True)
    vote_closes_at = models.DateTimeField(_("vote closes on"), null=True, blank=True)
    decision_at = models.DateTimeField(_("decision on"), null=True, blank=True)

    audience = models.CharField(
        _("who may take part"), max_length=20, choices=Audience.choices, default=Audience.SIGNED_IN
    )
    eligible_postcodes = models.CharField(
        _("postcodes of eligible residents"),
        max_length=300,
        blank=True,
        help_text=_("Separated by commas. Empty: every verified resident."),
    )
    eligible_neighbourhoods = ParentalManyToManyField(
        "consultations.Neighbourhood",
        verbose_name=_("neighbourhoods of eligible residents"),
        blank=True,
        related_name="+",
        help_text=_("Empty: every verified resident."),
    )
    proposals_enabled = models.BooleanField(_("citizens may post proposals"), default=True)
    vote_method = models.CharField(
        _("vote method"), max_length=20, choices=VoteMethod.choices, default=VoteMethod.NONE
    )
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of choices"), null=True, blank=True,
        help_text=_("Approval vote: how many projects a voter may choose."),
    )
    budget = models.PositiveIntegerField(
        _("budget (€)"), null=True, blank=True,
        help_text=_("Budget vote: total cost a ballot may not exceed."),
    )
    budget_rule = models.CharField(
        _("rule that decides the funded projects"), max_length=10, choices=BudgetRule.choices,
        default=BudgetRule.MES,
        help_text=_("For budget and points votes; chosen before the vote opens, shown to voters."),
    )
    budget_compare_with_greedy = models.BooleanField(
        _("then keep the greedy result if more voters prefer it"), default=False,
        help_text=_("Method of Equal Shares only, as Wieliczka (2023) did: the greedy result replaces "
                    "it if strictly more voters have more of their projects funded under greedy."),
    )
    points_per_voter = models.PositiveSmallIntegerField(
        _("points per voter"), null=True, blank=True,
        help_text=_("Points vote: how many points a voter spreads among projects."),
    )
    live_results = models.BooleanField(
        _("show counts while the vote is open"), default=False,
        help_text=_("Otherwise results appear once the vote has closed."),
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.POST
    )
    decision = RichTextField(
        _("decision"), features=CONTEXT_RICH_TEXT, blank=True,
        help_text=_("What the board decided, published at the decision date."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("question"),
        index.SearchField("summary"),
        index.SearchField("context"),
        index.FilterField("vote_method"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("question"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("context"),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("facility"),
                FieldPanel("neighbourhoods"),
                FieldPanel("tags"),
            ],
            heading=_("Who and where"),
        ),
        Located.location_panel,
        FieldPanel("decision"),
    ]
    timeline_panels = [
        FieldRowPanel([FieldPanel("proposals_opens_at"), FieldPanel("proposals_closes_at")]),
        FieldRowPanel([FieldPanel("vote_opens_at"), FieldPanel("vote_closes_at")]),
        FieldPanel("decision_at"),
    ]
    participation_panels = [
        FieldPanel("audience"),
        FieldPanel("eligible_postcodes"),
        FieldPanel("eligible_neighbourhoods"),
        FieldPanel("proposals_enabled"),
        FieldPanel("moderation"),
        MultiFieldPanel(
            [
                FieldPanel("vote_method"),
                FieldPanel("max_choices"),
                FieldPanel("budget"),
                FieldPanel("budget_rule"),
                FieldPanel("budget_compare_with_greedy"),
                FieldPanel("points_per_voter"),
                FieldPanel("live_results"),
            ],
            heading=_("Vote"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(timeline_panels, heading=_("Phases")),
            ObjectList(participation_panels, heading=_("Participation")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = ["consultations.LocalProjectPage", "consultations.SynthesisPage"]

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [models.Index(fields=["vote_closes_at"]), models.Index(fields=["proposals_closes_at"])]

    def clean(self):
        super().clean()
        errors = {}
        ordered = [(name, getattr(self, name)) for name in PHASE_DATE_FIELDS if getattr(self, name)]
        for (earlier_name, earlier), (later_name, later) in zip(ordered, ordered[1:]):
            if later < earlier:
                errors[later_name] = _("This date must come after “%(previous)s”.") % {
                    "previous": self._meta.get_field(earlier_name).verbose_name
                }
        if bool(self.proposals_opens_at) != bool(self.proposals_closes_at):
            errors.setdefault("proposals_closes_at", _("Give both the opening and the closing date of proposals."))
        if bool(self.vote_opens_at) != bool(self.vote_closes_at):
            errors.setdefault("vote_closes_at", _("Give both the opening and the closing date of the vote."))
        method = self.vote_method
        if method != self.VoteMethod.NONE and not self.vote_opens_at:
            errors.setdefault("vote_opens_at", _("A vote needs its opening and closing dates."))
        if method == self.VoteMethod.APPROVAL and not self.max_choices:
            errors["max_choices"] = _("Say how many projects a voter may choose.")
        if method == self.VoteMethod.BUDGET and not self.budget:
            errors["budget"] = _("Give the budget a ballot may not exceed.")
        if method == self.VoteMethod.POINTS and not self.points_per_voter:
            errors["points_per_voter"] = _("Say how many points each voter spreads.")
        try:
            self.eligible_postcodes = clean_postcode_list(self.eligible_postcodes)
        except ValidationError as error:
            errors["eligible_postcodes"] = error
        for name, message in self._settings_locked_by_the_vote().items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    # What a ballot was cast under: voters chose knowing them, so none may change once the vote
    # has opened (the page as stored says when that was).
    VOTE_SETTINGS = (
        "vote_method", "max_choices", "budget", "budget_rule", "budget_compare_with_greedy", "points_per_voter",
    )

    def _settings_locked_by_the_vote(self):
        if not self.pk:
            return {}
        stored = type(self).objects.filter(pk=self.pk).values("vote_opens_at", *self.VOTE_SETTINGS).first()
        if not stored or not stored["vote_opens_at"] or stored["vote_opens_at"] > timezone.now():
            return {}
        message = _("The vote opened on %(date)s and ballots are cast under this setting: it can no longer change.") % {
            "date": formats.date_format(timezone.localtime(stored["vote_opens_at"]), "DATE_FORMAT"),
        }
        return {name: message for name in self.VOTE_SETTINGS if getattr(self, name) != stored[name]}

    @property
    def phase_dates(self):
        return {name: getattr(self, name) for name in PHASE_DATE_FIELDS}

    def phase_at(self, moment):
        return current_phase(self.phase_dates, moment)

    @cached_property
    def phase(self):
        return self.phase_at(timezone.now())

    @cached_property
    def timeline(self):
        return timeline(self.phase_dates, timezone.now())

    @cached_property
    def next_deadline(self):
        return next_deadline(self.phase_dates, timezone.now())

    @property
    def is_collecting_proposals(self):
        return self.proposals_enabled and self.phase == Phase.PROPOSALS

    @property
    def is_voting_open(self):
        return self.vote_method != self.VoteMethod.NONE and self.phase == Phase.VOTE

    @property
    def is_vote_closed(self):
        return self.vote_method != self.VoteMethod.NONE and self.phase in {Phase.RESULTS, Phase.DECISION}

    @property
    def votes_on_projects(self):
        return self.vote_method in {
            self.VoteMethod.FOR_AGAINST,
            self.VoteMethod.APPROVAL,
            self.VoteMethod.BUDGET,
            self.VoteMethod.POINTS,
        }

    @cached_property
    def eligible_neighbourhood_names(self):
        """Read once per page view: every permission check of the page asks for it."""
        return set(self.eligible_neighbourhoods.values_list("name", flat=True))

    @property
    def postcode_list(self):
        return postcode_list(self.eligible_postcodes)

    def get_context(self, request, *args, **kwargs):
        from .. import activity, decision_reads, opinion_reads, permissions, selectors
        from ..fragments.cards import CardEntry, proposal_cards
        from ..fragments.discussion import discussion_context
        from ..services.voting import ballot_projects

        context = super().get_context(request, *args, **kwargs)
        user = request.user

        def latest_entries():
            count, proposals = selectors.latest_proposals(self)
            return count, [CardEntry.of(proposal) for proposal in proposals]

        proposal_count, latest = 0, []
        if self.proposals_enabled:
            proposal_count, latest = activity.remembered(self, "latest-proposals", latest_entries)
        reader = {"is_following": False, "ballot": None}
        if user.is_authenticated:
            reader = activity.remembered_for_reader(
                self, user, "consultation-reader", lambda: selectors.reader_state(self, user)
            )
        cards, has_support_buttons = proposal_cards(self, latest, user)
        context.update(
            board_decisions=activity.remembered(self, "decisions", lambda: decision_reads.decisions(self)),
            synthesis=kept(f"public-synthesis:{self.pk}", [CONTENT], lambda: self._public_synthesis(request)),
            # Left as a query: the template reads it only when its kept fragment is missing.
            projects=ballot_projects(self).select_related("image"),
            proposal_count=proposal_count,
            latest_proposals=cards,
            has_support_buttons=has_support_buttons,
            can_submit_proposal=permissions.can_submit_proposal(user, self),
            can_vote=permissions.can_vote(user, self),
            can_see_results=permissions.can_see_results(user, self),
            opinion_rounds=opinion_reads.round_summaries(self),
            open_data_licence=(
                selectors.open_data_licence(current_site(request))
                if permissions.can_download_open_data(self) else None
            ),
            **reader,
            **discussion_context(self, request, consultation=self),
        )
        return context


    def _public_synthesis(self, request):
        """(title, address) of the consultation's published synthesis open to all, or None."""
        from .synthesis import SynthesisPage

        page = SynthesisPage.objects.live().public().child_of(self).filter(officials_only=False).first()
        return (page.title, page.get_url(request)) if page else None


class LocalProjectPage(Located, KeptViewRestrictions):
    summary = models.TextField(_("summary"), max_length=400)
    description = RichTextField(_("description"), features=CONTEXT_RICH_TEXT, blank=True)
    cost = models.PositiveIntegerField(_("estimated cost (€)"))
    # The project's id in the file it was imported from (pabulib project_id), printed back in results.
    external_id = models.CharField(_("external identifier"), max_length=64, blank=True, editable=False)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("cost"),
        FieldPanel("image"),
        Located.location_panel,
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("description")]
    parent_page_types = ["consultations.ConsultationPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("local project")
        verbose_name_plural = _("local projects")

    def get_context(self, request, *args, **kwargs):
        from .. import activity, decision_reads, permissions
        from ..fragments.discussion import discussion_context
        from .decisions import BoardDecision

        context = super().get_context(request, *args, **kwargs)
        consultation = permissions.consultation_of(self)
        context["consultation"] = consultation
        context["decision"] = activity.remembered(
            consultation, f"project-decision:{self.pk}",
            lambda: BoardDecision.objects.filter(local_project=self).first(),
        )
        context["implementation"] = activity.remembered(
            consultation, f"project-implementation:{self.pk}",
            lambda: decision_reads.implementation_of(local_project=self),
        )
        context["campaigns"] = kept(
            f"campaigns-from-project:{self.pk}", [CONTENT],
            lambda: list(self.campaigns.live().public().order_by("-first_published_at")),
        )
        context.update(discussion_context(self, request, consultation=consultation))
        return context


class ImplementationIndexPage(KeptViewRestrictions):
    """The site's "Suivi des réalisations": every adopted item of its consultations and how far
    it has got, like Decidim's accountability component."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("follow-up of adopted items")
        verbose_name_plural = _("follow-ups of adopted items")

    def get_context(self, request, *args, **kwargs):
        from .. import activity, decision_reads, places
        from ..list_filters import FollowUpFilters
        from ..querystrings import querystring_without_page

        context = super().get_context(request, *args, **kwargs)
        consultations = decision_reads.followed_up_consultations(self.get_parent())
        # What decisions, updates and proposals' titles show here is written under the
        # versions of their consultations: read first, the kept copy of the page follows them.
        activity.shown_from(consultations.values_list("pk", flat=True))
        years = decision_reads.follow_up_years(consultations)
        facilities, neighbourhoods = places.facilities(), places.neighbourhoods()
        chosen = FollowUpFilters(
            request.GET, options={"facility": facilities, "neighbourhood": neighbourhoods}, years=years
        ).values()
        decisions = decision_reads.follow_up_list(consultations, **chosen)
        filters = {name: str(getattr(value, "pk", value) or "") for name, value in chosen.items()}
        context.update(
            decisions=Paginator(decisions, 20).get_page(request.GET.get("page")),
            summary=decision_reads.follow_up_summary(decisions),
            filters_querystring=querystring_without_page(request),
            filters=filters,
            is_filtered=any(filters.values()),
            facilities=facilities,
            neighbourhoods=neighbourhoods,
            years=years,
        )
        return context
