"""The "Participation" section of the Wagtail admin: resident verification for moderators, and the
neighbourhoods and facilities that consultations are tied to, and the moderation reasons (a
snippet). wagtail_hooks.py registers them.
"""

from django import forms
from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import (
    Facility,
    ModerationReason,
    Neighbourhood,
    OpinionRound,
    ResidentCodeBatch,
    ResidentVerificationEvent,
)
from . import permissions
from .dashboard import may_read_results
from .moderation_queue import waiting_count
from .verification_forms import CodeBatchForm
from .views import (
    answers_admin,
    decisions_admin,
    funding_admin,
    exports_admin,
    implementation_admin,
    moderation_admin,
    moderation_bulk,
    officials_admin,
    opinion_rounds_admin,
    verification_admin,
)
from .views.admin_listing import ParticipationIndexView


class RecordViewSet(ModelViewSet):
    """A viewset for records that are written once and never edited or deleted from the admin:
    only the views named in `record_views` exist, and no link leads to the others."""

    record_views = ("index",)
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        dropped = {"add", "edit", "delete", "history", "usage"} - set(self.record_views)
        return super().get_common_view_kwargs(
            **{f"{name}_url_name": None for name in dropped}, **kwargs
        )

    def get_urlpatterns(self):
        # Only the kept views are built: building the add view needs a form even when unused.
        routes = {
            "index": lambda: [
                path("", self.index_view, name="index"),
                path("results/", self.index_results_view, name="index_results"),
            ],
            "add": lambda: [path("new/", self.add_view, name="add")],
            "inspect": lambda: [path("inspect/<int:pk>/", self.inspect_view, name="inspect")],
        }
        return [route for name in self.record_views for route in routes[name]()]

    def get_permissions_to_register(self):
        # Their permissions are the portal's own (verify_resident), listed with the user model.
        return Permission.objects.none()


class ResidentVerificationEventViewSet(RecordViewSet):
    """The audit trail of resident statuses; only the verification services write it."""

    model = ResidentVerificationEvent
    name = "residents"
    icon = "user"
    menu_label = _("Residents")
    index_view_class = verification_admin.VerificationEventIndexView
    filterset_class = verification_admin.VerificationEventFilterSet
    search_fields = ["user__display_name", "user__email", "area"]
    ordering = "-at"
    list_per_page = 50
    # What the listing shows, and no more: no email address, no note.
    list_export = ["at", "user", "get_action_display", "get_method_display", "area", "actor"]
    export_headings = {
        "at": _("Date"),
        "user": _("Account"),
        "get_action_display": _("Action"),
        "get_method_display": _("Method"),
        "area": _("Area"),
        "actor": _("Done by"),
    }
    export_filename = "resident-verifications"
    add_to_reference_index = False

    def register_admin_url_finder(self):
        # An event has no page of its own: the account's page shows its history.
        pass


class InspectURLFinder(ModelAdminURLFinder):
    """For records that are never edited: links to one from the admin (reports, histories)
    open its inspect page, for users who may see it."""

    def get_edit_url(self, instance):
        policy = policy_registry.get(instance)
        if self.user and not policy.user_has_permission(self.user, "view"):
            return None
        return self.construct_edit_url(instance)


class ResidentCodeBatchViewSet(RecordViewSet):
    """Batches of letter codes: generated, then looked at; their codes never change."""

    model = ResidentCodeBatch
    name = "resident_batches"
    url_prefix = "residents/batches"
    icon = "mail"
    menu_label = _("Letter codes")
    index_view_class = verification_admin.CodeBatchIndexView
    add_view_class = verification_admin.CodeBatchCreateView
    inspect_view_class = verification_admin.CodeBatchInspectView
    inspect_view_enabled = True
    record_views = ("index", "add", "inspect")
    ordering = "-created_at"
    list_export = ["area", "size", "used_count", "created_at", "created_by", "expires_at", "note"]
    export_headings = {
        "area": _("Area"),
        "size": _("Codes"),
        "used_count": _("Used"),
        "created_at": _("Created on"),
        "created_by": _("Created by"),
        "expires_at": _("Valid until"),
        "note": _("Note"),
    }
    export_filename = "letter-code-batches"

    def get_form_class(self, for_update=False):
        return CodeBatchForm

    @property
    def url_finder_class(self):
        return type(
            "ResidentCodeBatchURLFinder",
            (InspectURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )


class DeskCheckMenuItem(MenuItem):
    def is_shown(self, request):
        policy = policy_registry.get_by_type(ResidentVerificationEvent)
        return policy.user_has_permission(request.user, "add")


class ResidentDeskViewSet(ViewSet):
    """Checking a resident in person: find the account, verify it or revoke its status."""

    name = "resident_desk"
    url_prefix = "residents/accounts"
    icon = "clipboard-list"
    menu_label = _("Desk check")
    menu_item_class = DeskCheckMenuItem

    def get_urlpatterns(self):
        return [
            path("", verification_admin.AccountLookupView.as_view(), name="index"),
            path("<int:pk>/", verification_admin.AccountView.as_view(), name="account"),
            path("<int:pk>/verify/", verification_admin.AccountVerifyView.as_view(), name="verify"),
            path("<int:pk>/revoke/", verification_admin.AccountRevokeView.as_view(), name="revoke"),
        ]


class NeighbourhoodViewSet(ModelViewSet):
    model = Neighbourhood
    icon = "site"
    menu_label = _("Neighbourhoods")
    index_view_class = ParticipationIndexView
    list_display = ["name", "postcodes"]
    list_export = ["name", "postcodes"]
    export_filename = "neighbourhoods"
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("postcodes")]


class FacilityViewSet(ModelViewSet):
    model = Facility
    icon = "home"
    menu_label = _("Facilities")
    index_view_class = ParticipationIndexView
    list_display = ["name", "neighbourhood", "address"]
    list_export = ["name", "neighbourhood", "address"]
    export_filename = "facilities"
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("address"), FieldPanel("neighbourhood")]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Facility.objects.select_related("neighbourhood"), **kwargs
        )


class OpinionRoundViewSet(ModelViewSet):
    """Opinion rounds and their staff's statements, for the editors of their consultation
    (views/opinion_rounds_admin.py holds the form's rules)."""

    model = OpinionRound
    name = "opinion_rounds"
    url_prefix = "opinion-rounds"
    icon = "table"
    menu_label = _("Opinion rounds")
    index_view_class = opinion_rounds_admin.IndexView
    edit_view_class = opinion_rounds_admin.EditView
    delete_view_class = opinion_rounds_admin.DeleteView
    history_view_class = opinion_rounds_admin.HistoryView
    usage_view_class = opinion_rounds_admin.UsageView
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["title"]
    ordering = "-opens_at"
    edit_handler = ObjectList(
        [
            # A list of the editor's consultations rather than Wagtail's chooser of every page.
            FieldPanel("consultation", widget=forms.Select),
            FieldPanel("title"),
            FieldPanel("introduction"),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            FieldPanel("accepts_statements"),
            InlinePanel("statements", label=_("statement"), heading=_("Statements of the team"),
                        panels=[FieldPanel("text", widget=forms.Textarea(attrs={"rows": 2}))]),
            opinion_rounds_admin.ProposedStatementsPanel(),
        ],
        base_form_class=opinion_rounds_admin.OpinionRoundForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/recompute/", opinion_rounds_admin.recompute, name="recompute"),
        ]

    def get_permissions_to_register(self):
        # Editors' page permissions decide (OpinionRoundPermissionPolicy): no model permission
        # to offer on the groups' screen.
        return Permission.objects.none()


class ParticipationViewSetGroup(ModelViewSetGroup):
    menu_label = _("Participation")
    menu_icon = "group"
    # Right after Pages (100), before Images (300).
    menu_order = 200
    items = (
        ResidentVerificationEventViewSet,
        ResidentDeskViewSet,
        ResidentCodeBatchViewSet,
        NeighbourhoodViewSet,
        FacilityViewSet,
        OpinionRoundViewSet,
    )


class ModerationReasonViewSet(SnippetViewSet):
    """The reasons moderators choose from, worded by them (a snippet: no tree, no drafts)."""

    model = ModerationReason
    icon = "warning"
    menu_label = _("Moderation reasons")
    add_to_admin_menu = False
    list_display = ["label", "code", "active"]
    ordering = ["sort_order", "label"]
    panels = [
        FieldPanel("label"),
        FieldPanel("code"),
        FieldPanel("explanation"),
        FieldPanel("sort_order"),
        FieldPanel("active"),
    ]



class ModerationMenuItem(MenuItem):
    """"Moderation", with the number of contributions waiting, for moderators only."""

    def is_shown(self, request):
        return moderation_admin.may_moderate(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = getattr(request, "moderation_waiting", None)
        if waiting is None:
            waiting = waiting_count(permissions.moderation_scope(request.user))
        if waiting:
            component.label = _("Moderation (%(count)s)") % {"count": waiting}
        return component


class ModerationViewSet(ViewSet):
    """The moderation queue at /admin/moderation/, the page of each contribution, and the page of
    a proposal's official answer."""

    name = "moderation"
    url_prefix = "moderation"
    icon = "warning"
    menu_label = _("Moderation")
    menu_item_class = ModerationMenuItem
    add_to_admin_menu = True
    menu_order = 150

    def get_urlpatterns(self):
        return [
            path("", moderation_admin.QueueView.as_view(), name="index"),
            path("selection/", moderation_bulk.start, name="bulk"),
            # Editors answer proposals too: this page checks permissions.can_answer only.
            path("answer/<int:pk>/", answers_admin.AnswerView.as_view(), name="answer"),
            path("<str:kind>/<int:pk>/", moderation_admin.ItemView.as_view(), name="item"),
        ]


class ExportsMenuItem(MenuItem):
    def is_shown(self, request):
        return exports_admin.may_export_any(request.user)


class ExportsViewSet(ViewSet):
    """Exports of consultations at /admin/exports/, for elected officials, moderators and editors:
    asked for there, written by a background task, downloaded from there while they last."""

    name = "exports"
    url_prefix = "exports"
    icon = "download"
    menu_label = _("Exports")
    menu_item_class = ExportsMenuItem
    add_to_admin_menu = True
    menu_order = 155

    def get_urlpatterns(self):
        return [
            path("", exports_admin.ExportsView.as_view(), name="index"),
            path("<int:pk>/download/", exports_admin.download, name="download"),
        ]


class OfficialsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_results(request.user)


class OfficialsDashboardViewSet(ViewSet):
    """The elected officials' dashboard at /admin/officials/ (views/officials_admin.py), for those
    who may read results."""

    name = "officials"
    url_prefix = "officials"
    icon = "table"
    menu_label = _("Elected officials' dashboard")
    menu_item_class = OfficialsMenuItem
    add_to_admin_menu = True
    menu_order = 152

    def get_urlpatterns(self):
        return [path("", officials_admin.OfficialsDashboardView.as_view(), name="index")]


class DecisionsMenuItem(MenuItem):
    def is_shown(self, request):
        return decisions_admin.may_record_somewhere(request.user)


class DecisionsViewSet(ViewSet):
    """The board's decisions at /admin/decisions/: each consultation's decisions, the sheet to
    download and the filled-in sheet to upload, for the moderators and editors of its site."""

    name = "board_decisions"
    url_prefix = "decisions"
    icon = "tasks"
    menu_label = _("Board decisions")
    menu_item_class = DecisionsMenuItem
    add_to_admin_menu = True
    menu_order = 160

    def get_urlpatterns(self):
        return [
            path("", decisions_admin.IndexView.as_view(), name="index"),
            path("<int:pk>/", decisions_admin.ConsultationView.as_view(), name="consultation"),
            path("<int:pk>/apply/", decisions_admin.ApplyView.as_view(), name="apply"),
            path("<int:pk>/sheet.xlsx", decisions_admin.sheet_download, name="sheet"),
            path("<int:pk>/funding/", funding_admin.record, name="funding"),
            path("<int:pk>/funding/<int:override_pk>/withdraw/", funding_admin.withdraw, name="funding_withdraw"),
        ]


class FollowUpMenuItem(MenuItem):
    def is_shown(self, request):
        return implementation_admin.may_follow_up(request.user)


class ImplementationViewSet(ViewSet):
    """The follow-up of adopted items at /admin/implementation/: the list, each item's page with
    its dated updates, and the correction and deletion of an update."""

    name = "implementation"
    url_prefix = "implementation"
    icon = "list-ul"
    menu_label = _("Implementation follow-up")
    menu_item_class = FollowUpMenuItem
    add_to_admin_menu = True
    menu_order = 165

    def get_urlpatterns(self):
        return [
            path("", implementation_admin.DecisionIndexView.as_view(), name="index"),
            path("<int:pk>/", implementation_admin.DecisionView.as_view(), name="decision"),
            path("update/<int:pk>/", implementation_admin.UpdateEditView.as_view(), name="update_edit"),
            path("update/<int:pk>/delete/", implementation_admin.UpdateDeleteView.as_view(), name="update_delete"),
        ]
