import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from freshness.kept import kept
from freshness.pages import KeptViewRestrictions
from freshness.versions import CONTENT

from .blocks import RICH_TEXT_FEATURES, BodyBlock
from .colours import contrast_ratio, readable_text_colour

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hexadecimal digits, e.g. #1d4f91.")
)


class SocialImageMixin(models.Model):
    """The picture shown when a page is shared on social networks (Open Graph / Twitter cards)."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared; the site's default image is used otherwise."),
    )

    promote_panels = Page.promote_panels + [FieldPanel("social_image")]

    class Meta:
        abstract = True


class HomePage(SocialImageMixin, KeptViewRestrictions):
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    subpage_types = [
        "home.StandardPage",
        "consultations.ConsultationIndexPage",
        "consultations.ImplementationIndexPage",
        "financing.CampaignIndexPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["current_consultations"] = current_consultations(self)
        return context


def current_consultations(home):
    """The live, public consultations of this home page's site that take part now (proposals,
    deliberation or vote). The list is kept under the content version; phases move with time, so
    which of them are current is decided on each request, in memory."""
    from consultations.models import ConsultationPage
    from consultations.phases import Phase

    def load():
        return list(
            ConsultationPage.objects.live().public().descendant_of(home)
            .order_by("-first_published_at", "-pk")
        )

    current = (Phase.PROPOSALS, Phase.DELIBERATION, Phase.VOTE)
    pages = kept(f"home-consultations:{home.pk}", [CONTENT], load)
    return [page for page in pages if page.phase in current]


class StandardPage(SocialImageMixin, KeptViewRestrictions):
    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("editorial page")
        verbose_name_plural = _("editorial pages")


SOCIAL_NETWORKS = [
    ("facebook_url", "Facebook"),
    ("instagram_url", "Instagram"),
    ("linkedin_url", "LinkedIn"),
    ("youtube_url", "YouTube"),
    ("mastodon_url", "Mastodon"),
    ("bluesky_url", "Bluesky"),
    ("x_url", "X"),
]


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """Look, contact details and social links of one facility's site."""

    select_related = [
        "site",
        "logo",
        "default_social_image",
        "legal_notice_page",
        "terms_page",
        "privacy_page",
        "cookies_page",
        "accessibility_page",
    ]

    organisation_name = models.CharField(
        _("organisation name"), max_length=120, default="", blank=True
    )
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#1d4f91", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#c2410c", validators=[hex_colour]
    )
    default_social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("default sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_address = models.TextField(_("postal address"), blank=True, max_length=300)
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("legal notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    terms_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("terms of use page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Citizens accept these terms when they sign up: the sign-up form links to them."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cookies_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("cookies page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("French law (RGAA) requires a link to it on every page."),
    )
    facebook_url = models.URLField("Facebook", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)
    mastodon_url = models.URLField("Mastodon", blank=True)
    bluesky_url = models.URLField("Bluesky", blank=True)
    x_url = models.URLField("X (Twitter)", blank=True)
    x_handle = models.CharField(
        _("X (Twitter) account"), max_length=30, blank=True, help_text=_("For example @metropole")
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("organisation_name"),
                    FieldPanel("tagline"),
                    FieldPanel("logo"),
                    MultiFieldPanel(
                        [FieldPanel("primary_colour"), FieldPanel("accent_colour")],
                        heading=_("Colours"),
                    ),
                    FieldPanel("default_social_image"),
                ],
                heading=_("Look"),
            ),
            ObjectList(
                [
                    FieldPanel("contact_email"),
                    FieldPanel("contact_phone"),
                    FieldPanel("contact_address"),
                    FieldPanel("legal_notice_page"),
                    FieldPanel("terms_page"),
                    FieldPanel("privacy_page"),
                    FieldPanel("cookies_page"),
                    FieldPanel("accessibility_page"),
                ],
                heading=_("Contact and legal"),
            ),
            ObjectList(
                [FieldPanel(name) for name, _label in SOCIAL_NETWORKS] + [FieldPanel("x_handle")],
                heading=_("Social networks"),
            ),
        ]
    )

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identities")

    def clean(self):
        super().clean()
        # The main colour is also the link colour on white: it must pass WCAG AA for text.
        if self.primary_colour and hex_colour.regex.match(self.primary_colour):
            if contrast_ratio(self.primary_colour, "#ffffff") < 4.5:
                raise ValidationError(
                    {
                        "primary_colour": _(
                            "This colour is too light to be read on white (contrast %(ratio).1f:1, "
                            "at least 4.5:1 is needed). Choose a darker shade."
                        )
                        % {"ratio": contrast_ratio(self.primary_colour, "#ffffff")}
                    }
                )

    @property
    def name(self):
        return self.organisation_name or self.site.site_name or _("Participation portal")

    @cached_property
    def social_links(self):
        return [
            {"name": label, "url": getattr(self, field)}
            for field, label in SOCIAL_NETWORKS
            if getattr(self, field)
        ]

    @property
    def theme_fingerprint(self):
        return hashlib.sha256(f"{self.primary_colour}{self.accent_colour}".encode()).hexdigest()[:12]

    @property
    def text_on_primary(self):
        return readable_text_colour(self.primary_colour)

    @property
    def text_on_accent(self):
        return readable_text_colour(self.accent_colour)
