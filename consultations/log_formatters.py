"""How the portal's own log entries read in the admin's reports and histories; the action types
are declared by the services that log them and registered in wagtail_hooks.py."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

from .models import ImplementationUpdate, Proposal, Sanction, User
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


class ModerationDecisionLog(LogFormatter):
    """Approve, reject, hide, restore: the reason chosen and the statuses before and after."""

    def format_message(self, log_entry):
        data = log_entry.data
        model = log_entry.content_type.model_class()
        message = self.decided % {
            "before": _status_label(data.get("before"), model),
            "after": _status_label(data.get("after"), model),
        }
        if data.get("reason_label"):
            message = _("%(decision)s (reason: %(reason)s)") % {
                "decision": message,
                "reason": data["reason_label"],
            }
        return message

    def format_comment(self, log_entry):
        return log_entry.data.get("note", "")


class ApprovedLog(ModerationDecisionLog):
    label = gettext_lazy("Approve a contribution")
    decided = gettext_lazy("Approved: %(before)s → %(after)s")


class RejectedLog(ModerationDecisionLog):
    label = gettext_lazy("Reject a contribution")
    decided = gettext_lazy("Rejected: %(before)s → %(after)s")


class HiddenLog(ModerationDecisionLog):
    label = gettext_lazy("Hide a contribution")
    decided = gettext_lazy("Hidden: %(before)s → %(after)s")


class RestoredLog(ModerationDecisionLog):
    label = gettext_lazy("Restore a contribution")
    decided = gettext_lazy("Restored: %(before)s → %(after)s")


def _status_label(value, model):
    """A status in the words of its kind: French says "publiée" of a proposal, "publié" of a
    comment."""
    statuses = getattr(model, "Status", Proposal.Status)
    if value in statuses.values:
        return str(statuses(value).label)
    return value or "—"


class KeptLog(ModerationDecisionLog):
    label = gettext_lazy("Keep a reported contribution published")
    decided = gettext_lazy("Kept published after reports: %(before)s → %(after)s")


class ConfirmedLog(ModerationDecisionLog):
    label = gettext_lazy("Confirm a contested rejection")
    decided = gettext_lazy("Rejection confirmed after the author contested it: %(before)s → %(after)s")


class ContestedLog(LogFormatter):
    label = gettext_lazy("Contest a moderation decision")
    message = gettext_lazy("Decision contested by the author")

    def format_comment(self, log_entry):
        return log_entry.data.get("text", "")


class ResubmittedLog(LogFormatter):
    label = gettext_lazy("Edit and resubmit a contribution")

    def format_message(self, log_entry):
        model = log_entry.content_type.model_class()
        return _("Edited and resubmitted by the author: %(before)s → %(after)s") % {
            "before": _status_label(log_entry.data.get("before"), model),
            "after": _status_label(log_entry.data.get("after"), model),
        }


class ReportedLog(LogFormatter):
    label = gettext_lazy("Hidden by citizens' reports")

    def format_message(self, log_entry):
        return _("Hidden after %(count)s reports, until a moderator decides") % {
            "count": log_entry.data.get("reports", "?")
        }


class SanctionedLog(LogFormatter):
    label = gettext_lazy("Sanction an account")

    def format_message(self, log_entry):
        data = log_entry.data
        kind = data.get("kind", "")
        label = Sanction.Kind(kind).label if kind in Sanction.Kind.values else kind
        if data.get("until"):
            return _("%(sanction)s until %(date)s (reason: %(reason)s)") % {
                "sanction": label, "date": data["until"][:16].replace("T", " "), "reason": data.get("reason_label", ""),
            }
        return _("%(sanction)s (reason: %(reason)s)") % {"sanction": label, "reason": data.get("reason_label", "")}

    def format_comment(self, log_entry):
        return log_entry.data.get("note", "")


class LiftedLog(LogFormatter):
    label = gettext_lazy("Lift a sanction")
    message = gettext_lazy("Sanction lifted")

    def format_comment(self, log_entry):
        return log_entry.data.get("note", "")


def _answer_label(value):
    return str(Proposal.Answer(value).label) if value in Proposal.Answer.values else "—"


class AnswerLog(LogFormatter):
    label = gettext_lazy("Answer a proposal officially")

    def format_message(self, log_entry):
        data = log_entry.data
        if data.get("before") == data.get("after"):
            return _("Official answer reworded: %(status)s") % {"status": _answer_label(data.get("after"))}
        return _("Official answer: %(before)s → %(after)s") % {
            "before": _answer_label(data.get("before")),
            "after": _answer_label(data.get("after")),
        }

    def format_comment(self, log_entry):
        return log_entry.data.get("text", "")


class MergeLog(LogFormatter):
    label = gettext_lazy("Merge proposals")

    def format_message(self, log_entry):
        data = log_entry.data
        figures = {
            "moved": data.get("moved_supports", 0),
            "dropped": data.get("dropped_supports", 0),
            "comments": data.get("moved_comments", 0),
        }
        if "into" in data:
            return _(
                "Merged into “%(title)s” (%(moved)s supports moved, %(dropped)s already counted there; "
                "%(comments)s comments moved)"
            ) % {"title": data.get("into_title", ""), **figures}
        return _(
            "“%(title)s” merged into this proposal (%(moved)s supports moved, %(dropped)s already "
            "counted here; %(comments)s comments moved)"
        ) % {"title": data.get("merged_title", ""), **figures}

    def format_comment(self, log_entry):
        return log_entry.data.get("note", "")


class ExportLog(LogFormatter):
    label = gettext_lazy("Export a consultation's data")

    def format_message(self, log_entry):
        data = log_entry.data
        figures = {"format": data.get("format", ""), "rows": sum((data.get("tables") or {}).values())}
        if data.get("named"):
            if data.get("source") == "command line":
                return _("Data exported from the command line with authors' names (%(format)s, %(rows)s rows)") % figures
            return _("Data exported with authors' names (%(format)s, %(rows)s rows)") % figures
        if data.get("source") == "command line":
            return _("Data exported from the command line (%(format)s, %(rows)s rows)") % figures
        return _("Data exported (%(format)s, %(rows)s rows)") % figures


class DecisionsLog(LogFormatter):
    label = gettext_lazy("Record the board's decisions")

    def format_message(self, log_entry):
        data = log_entry.data
        figures = {"created": data.get("created", 0), "changed": data.get("changed", 0)}
        return _("Board's decisions recorded: %(created)s new, %(changed)s changed") % figures


class ImplementationLog(LogFormatter):
    label = gettext_lazy("Follow up an adopted item")
    messages = {
        "added": gettext_lazy("Implementation update added to “%(item)s”: %(stage)s, %(percent)s%%, %(date)s"),
        "edited": gettext_lazy("Implementation update of “%(item)s” corrected: %(stage)s, %(percent)s%%, %(date)s"),
        "deleted": gettext_lazy("Implementation update of “%(item)s” deleted: %(stage)s, %(percent)s%%, %(date)s"),
    }

    def format_message(self, log_entry):
        data = log_entry.data
        stage = data.get("stage", "")
        if stage in ImplementationUpdate.Stage.values:
            stage = ImplementationUpdate.Stage(stage).label
        return self.messages.get(data.get("action"), self.messages["added"]) % {
            "item": data.get("item", ""),
            "stage": str(stage).lower(),
            "percent": data.get("percent", ""),
            "date": _short_date(data.get("date", "")),
        }


def _short_date(iso):
    try:
        return date_format(datetime.date.fromisoformat(iso), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return iso


class FundingOverrideLog(LogFormatter):
    label = gettext_lazy("Change the funded projects")
    messages = {
        ("recorded", "add"): gettext_lazy("“%(item)s” added to the funded projects: %(reason)s"),
        ("recorded", "remove"): gettext_lazy("“%(item)s” taken out of the funded projects: %(reason)s"),
        ("withdrawn", "add"): gettext_lazy("Addition of “%(item)s” to the funded projects withdrawn"),
        ("withdrawn", "remove"): gettext_lazy("Removal of “%(item)s” from the funded projects withdrawn"),
    }

    def format_message(self, log_entry):
        data = log_entry.data
        message = self.messages.get((data.get("change"), data.get("action")), self.messages[("recorded", "add")])
        return message % {"item": data.get("item", ""), "reason": data.get("reason", "")}


class SynthesisRecomputedLog(LogFormatter):
    label = gettext_lazy("Recompute a synthesis")

    def format_message(self, log_entry):
        data = log_entry.data
        message = _("Synthesis figures recomputed (digest %(digest)s, before %(previous)s)") % {
            "digest": data.get("digest", "")[:12], "previous": data.get("previous_digest", "")[:12] or "—",
        }
        return f"{message}: {data['reason']}" if data.get("reason") else message
