from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from published.memory import forget

        from . import activity, signals  # noqa: F401
        from .models import Facility, Neighbourhood

        activity.connect()
        # Lists of places are remembered with the published content (published/memory.py).
        for model in (Facility, Neighbourhood):
            post_save.connect(forget, sender=model, dispatch_uid=f"site_memo_save_{model.__name__}")
            post_delete.connect(forget, sender=model, dispatch_uid=f"site_memo_delete_{model.__name__}")
