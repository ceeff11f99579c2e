from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction

from freshness.pages import KeptViewRestrictions

from ..roles import EDITORS, ELECTED_OFFICIALS, MODERATORS


class SynthesisTextBlock(blocks.StreamBlock):
    summary = blocks.RichTextBlock(
        label=_("Summary"), features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("What the consultation said, in a few paragraphs."),
    )
    takeaways = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Key takeaways"))
    next_steps = blocks.RichTextBlock(
        label=_("Next steps"), features=["bold", "italic", "link", "ol", "ul"],
    )


class SynthesisPage(RoutablePageMixin, KeptViewRestrictions):
    """What a consultation said, for elected officials and everyone: figures computed by the portal
    and frozen when the consultation closes (SynthesisSnapshot), beside the staff's own words; the
    same figures as a PDF file and an XLSX workbook (its `pdf/` and `xlsx/` routes, under the
    page's own view restrictions: Wagtail checks them for every route of the page)."""

    # Who sees a synthesis kept for officials: they, and the staff who prepare it.
    READERS = (ELECTED_OFFICIALS, MODERATORS, EDITORS)

    body = StreamField(SynthesisTextBlock(), verbose_name=_("summary, takeaways and next steps"), blank=True)
    officials_only = models.BooleanField(
        _("visible only to elected officials and staff"), default=False,
        help_text=_("Until this is unticked and the page published, citizens do not see the synthesis."),
    )

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("officials_only")]
    parent_page_types = ["consultations.ConsultationPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("synthesis")
        verbose_name_plural = _("syntheses")

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        self._sync_restriction()
        return result

    def _sync_restriction(self):
        """The page's own group restriction follows `officials_only` (Wagtail checks it on every view)."""
        mine = PageViewRestriction.objects.filter(page=self, restriction_type=PageViewRestriction.GROUPS)
        if not self.officials_only:
            for restriction in mine:
                restriction.delete()
            return
        if mine.exists():
            return
        restriction = PageViewRestriction.objects.create(page=self, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.set(Group.objects.filter(name__in=self.READERS))

    def get_context(self, request, *args, **kwargs):
        from ..synthesis.reads import synthesis_context

        context = super().get_context(request, *args, **kwargs)
        context.update(synthesis_context(self, request))
        return context

    # The files are drawn by synthesis/files.py; as routes of the page, Wagtail applies the
    # page's view restrictions to them.
    @path("pdf/", name="pdf")
    def pdf(self, request):
        from ..synthesis import files

        return files.pdf(request, self)

    @path("xlsx/", name="xlsx")
    def xlsx(self, request):
        from ..synthesis import files

        return files.xlsx(request, self)


class SynthesisSnapshot(models.Model):
    """The synthesis's figures as computed at one moment, with the digest of the open data they were
    computed from. The latest is shown; earlier ones stay on record (synthesis/snapshots.py)."""

    page = models.ForeignKey(SynthesisPage, on_delete=models.CASCADE, related_name="snapshots")
    created_at = models.DateTimeField(_("computed on"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recomputed by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    figures = models.JSONField(_("figures"))
    digest = models.CharField(_("SHA-256 digest of the open data"), max_length=64)

    class Meta:
        verbose_name = _("synthesis snapshot")
        verbose_name_plural = _("synthesis snapshots")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "-created_at"])]
