"""Campaign pages: a local project that citizens fund, under a site's « Financement participatif »
index page. Publication goes through the site's moderation workflow like other pages.

What moves with every pledge (amounts raised, backers, rewards claimed) is kept out of the page's
own columns: a page revision published later would write back the counts it was drafted with.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from consultations.models.pages import ConsultationPage
from consultations.models.places import Located

from ..admin_forms import CampaignPageForm
from ..blocks import CampaignBodyBlock


class CampaignIndexPage(RoutablePageMixin, Page):
    """The site's campaigns, and their statistics at `statistiques/` (a route of the page: each
    site's figures live under its own index, with its menu and view restrictions)."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["financing.CampaignPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("participatory financing index")
        verbose_name_plural = _("participatory financing indexes")

    def get_context(self, request, *args, **kwargs):
        from ..page_context import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context

    @path("statistiques/", name="statistics")
    def statistics(self, request):
        from ..page_context import statistics_context

        context = Page.get_context(self, request)
        context.update(statistics_context(self))
        return TemplateResponse(request, "financing/campaign_statistics.html", context)


class Category(models.TextChoices):
    DONATION = "donation", _("Donation")
    REWARDS = "rewards", _("Rewards")
    LOAN = "loan", _("Solidarity loan")
    EQUITY = "equity", _("Business financing")


class HolderKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    ASSOCIATION = "association", _("Association")
    BUSINESS = "business", _("Local business")


class CampaignPage(Located, Page):
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder's account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="campaigns",
    )
    holder_name = models.CharField(_("holder's public name"), max_length=120)
    holder_kind = models.CharField(_("holder"), max_length=20, choices=HolderKind.choices)
    contact_email = models.EmailField(_("holder's contact email"))
    contact_verified_at = models.DateTimeField(
        _("contact verified on"), null=True, blank=True,
        help_text=_("Set by the team once it has checked the holder's contact."),
    )
    summary = models.TextField(_("summary"), max_length=300)
    body = StreamField(CampaignBodyBlock(), verbose_name=_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    category = models.CharField(_("kind of financing"), max_length=20, choices=Category.choices)
    facility = models.ForeignKey(
        "consultations.Facility", verbose_name=_("facility"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="campaigns",
    )
    neighbourhood = models.ForeignKey(
        "consultations.Neighbourhood", verbose_name=_("neighbourhood"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="campaigns",
    )
    goal_cents = models.PositiveBigIntegerField(_("goal (cents)"), validators=[MinValueValidator(100)])
    deadline = models.DateTimeField(_("deadline"))
    keep_what_is_raised = models.BooleanField(
        _("keep what is raised"), default=False,
        help_text=_("Donations only: pledges are collected even if the goal is not reached."),
    )
    risks = models.TextField(_("risks and challenges"), blank=True)
    equity_platform_url = models.URLField(
        _("licensed platform's offer"), blank=True,
        help_text=_("Business financing only: the crowdfunding service provider that runs the offer."),
    )
    # Matching by the public company: `matching_amount` € for every `matching_per` € pledged, up to
    # `matching_cap_cents` for the campaign, within the site's yearly envelope.
    matching_amount = models.PositiveSmallIntegerField(_("matched euros"), default=0)
    matching_per = models.PositiveSmallIntegerField(
        _("for every pledged euros"), default=1, validators=[MinValueValidator(1)]
    )
    matching_cap_cents = models.PositiveBigIntegerField(_("matching cap (cents)"), null=True, blank=True)
    origin_proposal = models.ForeignKey(
        "consultations.Proposal", verbose_name=_("from the proposal"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="campaigns",
    )
    origin_project = models.ForeignKey(
        "consultations.LocalProjectPage", verbose_name=_("from the local project"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="campaigns",
    )
    # As a consultation's: the campaign's discussion is read by its site's moderators before or
    # after its comments appear.
    comment_moderation = models.CharField(
        _("moderation of comments"), max_length=10, choices=ConsultationPage.Moderation.choices,
        default=ConsultationPage.Moderation.POST,
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("holder_name"), FieldPanel("holder_kind"), FieldPanel("holder"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_verified_at")]),
            ],
            heading=_("Holder"),
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldRowPanel([FieldPanel("goal_cents"), FieldPanel("deadline")]),
                FieldPanel("keep_what_is_raised"),
                FieldPanel("equity_platform_url"),
            ],
            heading=_("Financing"),
        ),
        InlinePanel("budget_lines", heading=_("What the money pays for"), label=_("line")),
        InlinePanel("reward_tiers", heading=_("Rewards"), label=_("reward")),
        InlinePanel("loan_instalments", heading=_("Repayment schedule (solidarity loans)"), label=_("instalment")),
        FieldPanel("risks"),
        FieldPanel("comment_moderation"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("matching_amount"), FieldPanel("matching_per")]), FieldPanel("matching_cap_cents")],
            heading=_("Matching by the public company"),
        ),
        MultiFieldPanel(
            [FieldPanel("facility"), FieldPanel("neighbourhood"), FieldPanel("origin_proposal"), FieldPanel("origin_project")],
            heading=_("Where it comes from"),
        ),
        Located.location_panel,
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("holder_name")]
    base_form_class = CampaignPageForm
    parent_page_types = ["financing.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("financing campaign")
        verbose_name_plural = _("financing campaigns")

    def clean(self):
        super().clean()
        errors = {}
        if self.deadline and self.deadline <= timezone.now() and not self.pk:
            errors["deadline"] = _("The deadline must be in the future.")
        if self.keep_what_is_raised and self.category != Category.DONATION:
            errors["keep_what_is_raised"] = _("Only donations may keep what is raised.")
        if self.category == Category.EQUITY and not self.equity_platform_url:
            errors["equity_platform_url"] = _(
                "Business financing is run by a licensed platform (EU regulation 2020/1503): give its offer's address."
            )
        if errors:
            raise ValidationError(errors)

    def clean_loan_schedule(self, instalments):
        """A loan's schedule repays the whole loan; other kinds of financing have none."""
        total = sum(instalment.percent or 0 for instalment in instalments)
        if self.category == Category.LOAN and total != 100:
            return _("The repayment schedule must add up to 100 %% of the loan (it adds up to %(total)s %%).") % {
                "total": total
            }
        if self.category != Category.LOAN and instalments:
            return _("Only solidarity loans have a repayment schedule.")
        return None

    @property
    def social_image(self):
        """What the page's share card shows (templates/includes/social_meta.html)."""
        return self.image

    def get_context(self, request, *args, **kwargs):
        from ..page_context import campaign_context

        context = super().get_context(request, *args, **kwargs)
        context.update(campaign_context(self, request))
        return context

    def matched_for(self, amount_cents):
        """The matching a pledge of `amount_cents` earns under the campaign's ratio, before caps."""
        if not self.matching_amount:
            return 0
        return amount_cents * self.matching_amount // self.matching_per


class BudgetLine(Orderable):
    campaign = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("item"), max_length=200)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))

    class Meta(Orderable.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")


class RewardTier(Orderable):
    """What a backer of a rewards campaign gets for a pledge of at least `amount_cents`, within
    `quantity` when it is limited. The pledges holding one are counted under a lock of its row
    (services): a count kept here would be written back by the next published revision."""

    campaign = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="reward_tiers")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=600)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"), validators=[MinValueValidator(100)])
    quantity = models.PositiveIntegerField(_("quantity available"), null=True, blank=True)
    estimated_delivery = models.DateField(_("estimated delivery"), null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")

    def __str__(self):
        return self.title
