from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingOverride(models.Model):
    """Staff's recorded change to the list of projects a budget vote funds, after the vote.

    The rule's result stays as computed; an override adds a project it did not fund or takes out
    one it did, always with a public reason (services/funding_overrides.py), and the results page,
    the exports and the board's sheet show the final list with every override beside it.
    """

    class Action(models.TextChoices):
        ADD = "add", _("Fund it although the rule did not")
        REMOVE = "remove", _("Do not fund it although the rule did")

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="funding_overrides",
        verbose_name=_("consultation"),
    )
    local_project = models.OneToOneField(
        "consultations.LocalProjectPage", on_delete=models.CASCADE, related_name="funding_override",
        verbose_name=_("local project"),
    )
    action = models.CharField(_("change"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("public reason"), max_length=1000)
    created_at = models.DateTimeField(_("recorded on"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("change to the funded projects")
        verbose_name_plural = _("changes to the funded projects")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.local_project_id}"
