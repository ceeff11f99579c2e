"""The "Participatory financing" section of the Wagtail admin: the desk where staff record pledges
handed in at a facility, and the public company's accounts. wagtail_hooks.py registers them."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from .views import accounting_admin, desk_admin


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return desk_admin.may_record_somewhere(request.user)


class DeskViewSet(ViewSet):
    name = "financing_desk"
    url_prefix = "financing/desk"
    icon = "clipboard-list"
    menu_label = _("Pledges at the desk")
    menu_item_class = DeskMenuItem

    def get_urlpatterns(self):
        return [
            path("", desk_admin.DeskIndexView.as_view(), name="index"),
            path("<int:pk>/", desk_admin.CampaignDeskView.as_view(), name="campaign"),
        ]


class AccountingMenuItem(MenuItem):
    def is_shown(self, request):
        return accounting_admin.may_read_any_accounts(request.user)


class AccountingViewSet(ViewSet):
    name = "financing_accounting"
    url_prefix = "financing/accounting"
    icon = "table"
    menu_label = _("Financing accounts")
    menu_item_class = AccountingMenuItem

    def get_urlpatterns(self):
        return [
            path("", accounting_admin.AccountingView.as_view(), name="index"),
            path("accounts.csv", accounting_admin.download_csv, name="csv"),
            path("accounts.xlsx", accounting_admin.download_xlsx, name="xlsx"),
        ]


class FinancingViewSetGroup(ViewSetGroup):
    menu_label = _("Participatory financing")
    menu_icon = "pick"
    menu_order = 210
    items = (DeskViewSet, AccountingViewSet)
