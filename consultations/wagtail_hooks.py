"""Registers the portal's admin with Wagtail: permission policies, the "Participation" menu group
(viewsets.py), the portal's log action types (log_formatters.py) and the dashboard's panel of
consultations (dashboard.py)."""

from django.urls import path

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.permissions import register_permission_policy

from .dashboard import ConsultationResultsPanel, ModerationPanel, may_read_results
from .log_formatters import (
    AnswerLog,
    ApprovedLog,
    ConfirmedLog,
    ContestedLog,
    DecisionsLog,
    ExportLog,
    HiddenLog,
    FundingOverrideLog,
    SynthesisRecomputedLog,
    ImplementationLog,
    KeptLog,
    LiftedLog,
    MergeLog,
    RejectedLog,
    ReportedLog,
    ResidentCodesGeneratedLog,
    ResidentRevokedLog,
    ResidentVerifiedLog,
    RestoredLog,
    ResubmittedLog,
    SanctionedLog,
)
from .models import OpinionRound, ResidentCodeBatch, ResidentVerificationEvent
from .consultation_export import LOG_EXPORT
from .permission_policies import OpinionRoundPermissionPolicy, VerifierPermissionPolicy
from .services import answers, appeals, decisions, funding_overrides, implementation, merging, moderation, sanctions
from .services.verification import LOG_CODES_GENERATED, LOG_REVOKED, LOG_VERIFIED
from .synthesis import snapshots
from .views import synthesis_admin
from .views.exports_admin import export_button
from .views.moderation_admin import may_moderate
from .views.moderation_bulk import BULK_ACTIONS
from .viewsets import (
    DecisionsViewSet,
    ExportsViewSet,
    ImplementationViewSet,
    ModerationReasonViewSet,
    ModerationViewSet,
    OfficialsDashboardViewSet,
    ParticipationViewSetGroup,
)

# Registered when this module is imported, before any view asks for a policy: Wagtail would
# otherwise fall back to add/change/delete model permissions that no group holds.
register_permission_policy(ResidentCodeBatch, VerifierPermissionPolicy(ResidentCodeBatch))
register_permission_policy(
    ResidentVerificationEvent, VerifierPermissionPolicy(ResidentVerificationEvent)
)
register_permission_policy(OpinionRound, OpinionRoundPermissionPolicy(OpinionRound))


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    return ParticipationViewSetGroup()


@hooks.register("register_admin_viewset")
def register_moderation_viewset():
    return ModerationViewSet()


@hooks.register("register_admin_viewset")
def register_decisions_viewset():
    return DecisionsViewSet()


@hooks.register("register_admin_viewset")
def register_officials_dashboard_viewset():
    return OfficialsDashboardViewSet()


@hooks.register("register_admin_viewset")
def register_exports_viewset():
    return ExportsViewSet()


@hooks.register("register_page_listing_more_buttons")
def add_export_listing_button(page, user, next_url=None):
    return export_button(page, user, priority=55)


@hooks.register("register_page_header_buttons")
def add_export_header_button(page, user, view_name, next_url=None):
    return export_button(page, user, priority=67)


@hooks.register("register_page_header_buttons")
def add_synthesis_header_button(page, user, view_name, next_url=None):
    return synthesis_admin.recompute_button(page, user, priority=68)


@hooks.register("register_admin_urls")
def register_synthesis_urls():
    return [path("synthesis/<int:pk>/recompute/", synthesis_admin.recompute, name=synthesis_admin.URL_NAME)]


@hooks.register("register_admin_viewset")
def register_implementation_viewset():
    return ImplementationViewSet()


@hooks.register("register_log_actions")
def register_resident_log_actions(actions):
    actions.register_action(LOG_VERIFIED)(ResidentVerifiedLog)
    actions.register_action(LOG_REVOKED)(ResidentRevokedLog)
    actions.register_action(LOG_CODES_GENERATED)(ResidentCodesGeneratedLog)


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action(moderation.APPROVE.action)(ApprovedLog)
    actions.register_action(moderation.REJECT.action)(RejectedLog)
    actions.register_action(moderation.HIDE.action)(HiddenLog)
    actions.register_action(moderation.RESTORE.action)(RestoredLog)
    actions.register_action(moderation.KEEP.action)(KeptLog)
    actions.register_action(moderation.LOG_REPORTED)(ReportedLog)
    actions.register_action(sanctions.LOG_SANCTIONED)(SanctionedLog)
    actions.register_action(sanctions.LOG_LIFTED)(LiftedLog)
    actions.register_action(answers.LOG_ANSWER)(AnswerLog)
    actions.register_action(merging.LOG_MERGE)(MergeLog)


@hooks.register("register_log_actions")
def register_appeal_log_actions(actions):
    actions.register_action(moderation.CONFIRM.action)(ConfirmedLog)
    actions.register_action(appeals.LOG_CONTESTED)(ContestedLog)
    actions.register_action(appeals.LOG_RESUBMITTED)(ResubmittedLog)


@hooks.register("register_log_actions")
def register_export_log_actions(actions):
    actions.register_action(LOG_EXPORT)(ExportLog)
    actions.register_action(decisions.LOG_DECISIONS)(DecisionsLog)


@hooks.register("register_log_actions")
def register_implementation_log_actions(actions):
    actions.register_action(implementation.LOG_IMPLEMENTATION)(ImplementationLog)
    actions.register_action(funding_overrides.LOG_FUNDING_OVERRIDE)(FundingOverrideLog)
    actions.register_action(snapshots.LOG_RECOMPUTED)(SynthesisRecomputedLog)


for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("construct_homepage_panels")
def add_consultation_results_panel(request, panels):
    if may_read_results(request.user):
        panels.append(ConsultationResultsPanel())
    if may_moderate(request.user):
        panels.append(ModerationPanel())


register_snippet(ModerationReasonViewSet)
