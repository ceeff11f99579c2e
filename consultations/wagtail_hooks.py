from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import activity
from .services.verification import LOG_CODES_GENERATED, LOG_REVOKED, LOG_VERIFIED
from .views.verification_admin import (
    ResidentCodesGeneratedLog,
    ResidentRevokedLog,
    ResidentVerificationViewSet,
    ResidentVerifiedLog,
)
from .viewsets import FacilityViewSet, NeighbourhoodViewSet

register_snippet(FacilityViewSet)
register_snippet(NeighbourhoodViewSet)


@hooks.register("register_admin_viewset")
def register_resident_verification_viewset():
    return ResidentVerificationViewSet()


@hooks.register("register_log_actions")
def register_resident_log_actions(actions):
    actions.register_action(LOG_VERIFIED)(ResidentVerifiedLog)
    actions.register_action(LOG_REVOKED)(ResidentRevokedLog)
    actions.register_action(LOG_CODES_GENERATED)(ResidentCodesGeneratedLog)


@hooks.register("after_edit_user")
@hooks.register("after_delete_user")
def names_may_have_changed(request, user):
    # The admin's user form edits first and last names, which public names are made of: kept
    # threads and cards must show the new name (consultations/activity.py).
    activity.changed(people=True)
