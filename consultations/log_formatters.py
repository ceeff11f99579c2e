"""How the portal's own log entries read in the admin's reports and histories; the action types
are declared by the services that log them and registered in wagtail_hooks.py."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

from .models import User
from .typography import with_elision


class ResidentVerifiedLog(LogFormatter):
    label = gettext_lazy("Verify a resident")

    def format_message(self, log_entry):
        method = log_entry.data.get("method", "")
        area = log_entry.data.get("area", "")
        if method in User.VerificationMethod.values:
            method = User.VerificationMethod(method).label
        if area:
            return with_elision(
                _("Verified as a resident of %(area)s (%(method)s)"), area=area, method=method
            )
        return _("Verified as a resident (%(method)s)") % {"method": method}

    def format_comment(self, log_entry):
        return log_entry.data.get("note", "")


class ResidentRevokedLog(LogFormatter):
    label = gettext_lazy("Revoke a resident status")
    message = gettext_lazy("Resident status revoked")

    def format_comment(self, log_entry):
        return log_entry.data.get("note", "")


class ResidentCodesGeneratedLog(LogFormatter):
    label = gettext_lazy("Generate resident codes")

    def format_message(self, log_entry):
        return _("%(size)s resident codes generated for %(area)s") % {
            "size": log_entry.data.get("size", ""),
            "area": log_entry.data.get("area", ""),
        }
