from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "financing"
    verbose_name = _("Participatory financing")

    def ready(self):
        from consultations import discussions

        from . import personal_data, signals
        from .models import CampaignPage
        from .permissions import campaign_discussion_open

        signals.connect()
        personal_data.register()
        # Citizens comment on campaigns with the discussion of consultations, which never imports us.
        discussions.register(
            CampaignPage, is_open=campaign_discussion_open, moderation=lambda campaign: campaign.comment_moderation
        )
