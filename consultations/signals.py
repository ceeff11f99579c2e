"""Sign-ins are recorded from Django's auth signal, which fires for every login path (form, OIDC)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="consultations_record_login")
def record_login_event(sender, request, user, **kwargs):
    from .services.accounts import record_login

    record_login(user, request=request)
