from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from home import site_memo

        from . import activity, signals  # noqa: F401
        from .models import Facility, Neighbourhood

        activity.connect()
        # Lists of places are remembered with the published content (home/site_memo.py).
        for model in (Facility, Neighbourhood):
            post_save.connect(site_memo.forget, sender=model, dispatch_uid=f"site_memo_save_{model.__name__}")
            post_delete.connect(site_memo.forget, sender=model, dispatch_uid=f"site_memo_delete_{model.__name__}")
