from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from freshness import page_cache

        from . import signals, visitor_order  # noqa: F401

        # Visitors new to a proposal list are dealt their random order before it is looked up
        # among kept pages, so that their first page can be shared too.
        page_cache.register_dealer(visitor_order.SEED_COOKIE, visitor_order.deal_seed, visitor_order.remember)
