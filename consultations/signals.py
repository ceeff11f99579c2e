"""Reactions to allauth and Django auth events, which fire for every login path (form, OIDC)."""

from django.contrib.auth.signals import user_logged_in
from allauth.socialaccount.signals import social_account_added
from django.dispatch import receiver


@receiver(social_account_added, dispatch_uid="consultations_trusted_provider_linked")
def verify_on_trusted_link(sender, request, sociallogin, **kwargs):
    """Linking a trusted provider (FranceConnect...) to an existing account verifies it at once."""
    from .services.verification import is_trusted_identity_provider, verify_by_identity_provider

    provider_id = sociallogin.account.provider
    if is_trusted_identity_provider(provider_id):
        verify_by_identity_provider(sociallogin.user, provider_id=provider_id)


@receiver(user_logged_in, dispatch_uid="consultations_record_login")
def record_login_event(sender, request, user, **kwargs):
    from .services.accounts import record_login

    record_login(user, request=request)
