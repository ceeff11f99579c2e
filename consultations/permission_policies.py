"""Wagtail permission policies for the admin screens of the participation staff.

Rules:
- staff holding `consultations.verify_resident` (the Modération group) may list and add batches of
  letter codes and resident verification events, and nobody may change or delete them: a batch's
  codes are fixed when it is generated and the audit trail is permanent;
- the permission is the one the verification services check (services/verification.py), so the
  admin never shows a screen whose action the service would refuse.
"""

from django.conf import settings
from wagtail.permission_policies import BaseDjangoAuthPermissionPolicy

from .services.verification import VERIFY_PERMISSION


class VerifierPermissionPolicy(BaseDjangoAuthPermissionPolicy):
    actions = frozenset({"add", "view"})

    def __init__(self, model):
        # The permission is declared on the user model (User.Meta.permissions).
        super().__init__(model, auth_model=settings.AUTH_USER_MODEL)

    def user_has_permission(self, user, action):
        return action in self.actions and user.has_perm(VERIFY_PERMISSION)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return self.auth_model.objects.none()
        codename = VERIFY_PERMISSION.split(".", 1)[1]
        return self._get_users_with_any_permission_codenames([codename])
