"""Wagtail permission policies for the admin screens of the participation staff.

Rules:
- staff holding `consultations.verify_resident` (the Modération group) may list and add batches of
  letter codes and resident verification events, and nobody may change or delete them: a batch's
  codes are fixed when it is generated and the audit trail is permanent;
- the permission is the one the verification services check (services/verification.py), so the
  admin never shows a screen whose action the service would refuse;
- opinion rounds are listed, added and changed by the editors of their consultation's page
  (permissions.can_manage_opinion_rounds), and deleted by them only while nobody has voted.
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies import BaseDjangoAuthPermissionPolicy
from wagtail.permission_policies.base import BasePermissionPolicy

from . import permissions
from .models import StatementVote
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


class OpinionRoundPermissionPolicy(BasePermissionPolicy):
    actions = frozenset({"add", "change", "delete", "view"})

    def user_has_permission(self, user, action):
        return (
            action in self.actions and user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
            and bool(permissions.editing_scope(user))
        )

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if not permissions.can_manage_opinion_rounds(user, instance.consultation):
            return False
        # Votes are participants' contributions: a round they voted in stays.
        return action != "delete" or not StatementVote.objects.filter(statement__round=instance).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        roots = permissions.editing_scope(user) if self.user_has_any_permission(user, actions) else []
        if not roots:
            return self.model.objects.none()
        return self.model.objects.filter(reduce(or_, (Q(consultation__path__startswith=root) for root in roots)))

    def users_with_any_permission(self, actions):
        # Nothing in the portal lists who may edit rounds (no workflow, no notification).
        return get_user_model().objects.none()
