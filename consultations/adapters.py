"""allauth adapter: how an account arriving from an OIDC provider (FranceConnect...) is filled in,
and how a login through a provider that settings mark as trusted verifies the resident."""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from .services.verification import is_trusted_identity_provider, verify_by_identity_provider


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        if not user.display_name:
            # A pseudonym from the provider's names that does not give the family name away
            # ("Jeanne D."); the citizen can change it in their profile.
            first, last = (data.get("first_name") or "").strip(), (data.get("last_name") or "").strip()
            user.display_name = f"{first} {last[:1]}.".strip()[:60] if first and last else first[:60]
        return user

    def pre_social_login(self, request, sociallogin):
        # Runs once the provider has authenticated the person, for accounts already linked to it;
        # new accounts have no row to verify yet and are handled in save_user.
        super().pre_social_login(request, sociallogin)
        if sociallogin.is_existing:
            self._verify_if_trusted(sociallogin)

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        self._verify_if_trusted(sociallogin)
        return user

    def _verify_if_trusted(self, sociallogin):
        provider_id = sociallogin.account.provider
        if is_trusted_identity_provider(provider_id):
            verify_by_identity_provider(sociallogin.user, provider_id=provider_id)
