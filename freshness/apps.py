from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FreshnessConfig(AppConfig):
    name = "freshness"
    verbose_name = _("Freshness of kept pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import published  # noqa: F401  (connects Wagtail's publishing signals)
