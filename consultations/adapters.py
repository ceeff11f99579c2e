"""allauth adapter: how an account arriving from an OIDC provider (FranceConnect...) is filled in."""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        if not user.display_name:
            name = " ".join(part for part in [data.get("first_name"), data.get("last_name")] if part)
            user.display_name = (name or data.get("name") or "")[:60]
        return user
