from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "financing"
    verbose_name = _("Participatory financing")

    def ready(self):
        from . import personal_data, signals

        signals.connect()
        personal_data.register()
