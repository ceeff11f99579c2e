"""Registers the financing admin with Wagtail: the desk and the accounts (viewsets.py), and the
« Record a desk pledge » button of campaigns in the page explorer."""

from wagtail import hooks

from .views.desk_admin import desk_button
from .viewsets import FinancingViewSetGroup


@hooks.register("register_admin_viewset")
def register_financing_viewsets():
    return FinancingViewSetGroup()


@hooks.register("register_page_listing_more_buttons")
def add_desk_listing_button(page, user, next_url=None):
    return desk_button(page, user, priority=56)


@hooks.register("register_page_header_buttons")
def add_desk_header_button(page, user, view_name, next_url=None):
    return desk_button(page, user, priority=69)
