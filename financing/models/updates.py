"""What a holder tells the campaign's followers and backers, and who follows a campaign."""

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.validators import plain_text


class CampaignUpdate(models.Model):
    """News posted by the holder, shown on the campaign page and emailed once (`notified_at`)."""

    campaign = models.ForeignKey("financing.CampaignPage", on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=140, validators=[MinLengthValidator(3)])
    body = models.TextField(_("text"), max_length=5000, validators=[MinLengthValidator(10), plain_text])
    published_at = models.DateTimeField(_("published on"), auto_now_add=True)
    notified_at = models.DateTimeField(_("emailed on"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("emails sent"), default=0)

    class Meta:
        verbose_name = _("campaign update")
        verbose_name_plural = _("campaign updates")
        indexes = [models.Index(fields=["campaign", "-published_at"], name="update_by_campaign")]

    def __str__(self):
        return self.title


class CampaignFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_follows", verbose_name=_("user"),
    )
    campaign = models.ForeignKey(
        "financing.CampaignPage", on_delete=models.CASCADE, related_name="follows", verbose_name=_("campaign"),
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign follow")
        verbose_name_plural = _("campaign follows")
        constraints = [models.UniqueConstraint(fields=["user", "campaign"], name="follow_campaign_once")]
        indexes = [models.Index(fields=["user", "-created_at"], name="campaign_follow_by_user")]

    def __str__(self):
        return f"{self.user_id} → {self.campaign_id}"
