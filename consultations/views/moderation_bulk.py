"""Decisions on a selection of the moderation queue, through Wagtail's bulk actions.

Wagtail's bulk actions work on one model at a time, and the queue mixes proposals, comments and
opinion-round statements: the queue's selection form (plain HTML, no JavaScript) posts here, and
`start` sends the moderator to Wagtail's confirmation page for the proposals, then for the
comments, then for the statements. Each confirmation lists
what will be decided, asks for the reason once, and decides every item through
services/moderation.py, so a bulk decision is exactly as many single decisions: same rules, same
log entries, same emails. An item that another moderator decided meanwhile is left as it is and
named in the message. A selection holding anything the moderator may not moderate, or that is not
a contribution at all, changes nothing.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from .. import permissions
from ..models import Comment, ModerationReason, Proposal, Statement
from ..moderation_forms import DECISIONS
from ..services import moderation
from .moderation_admin import MODELS, QUEUE_URL_NAME, may_moderate, short_label

# Wagtail's confirmation page lists the whole selection: one page of the queue at most.
MAX_SELECTION = 50
BULK_DECISIONS = ("approve", "reject", "hide", "restore", "keep")


def start(request):
    """The queue's selection, split by kind, becomes Wagtail's confirmation of each kind in turn."""
    if not may_moderate(request.user):
        raise PermissionDenied
    decision = request.GET.get("decision", "")
    selected = request.GET.getlist("item")
    by_kind = {kind: [] for kind in MODELS}
    for value in selected:
        kind, _sep, pk = value.partition("-")
        if kind not in by_kind or not (pk.isascii() and pk.isdigit() and len(pk) < 12):
            messages.error(request, _("This selection is not one of the queue's: nothing was changed."))
            return redirect(QUEUE_URL_NAME)
        by_kind[kind].append(pk)
    if decision not in BULK_DECISIONS:
        messages.error(request, _("Choose the decision to take on the selection."))
        return redirect(_back(request))
    if not selected:
        messages.error(request, _("Select at least one contribution."))
        return redirect(_back(request))
    if len(selected) > MAX_SELECTION:
        messages.error(
            request, _("Select at most %(count)s contributions at once.") % {"count": MAX_SELECTION}
        )
        return redirect(_back(request))
    next_url = _back(request)
    # Built from the last step back to the first: each confirmation returns to the next one.
    for kind in reversed(MODELS):
        if by_kind[kind]:
            next_url = _confirmation_url(kind, decision, by_kind[kind], next_url)
    return redirect(next_url)


def _back(request):
    """The queue as the moderator had filtered it."""
    query = request.GET.copy()
    for key in ("item", "decision"):
        query.pop(key, None)
    return reverse(QUEUE_URL_NAME) + (f"?{query.urlencode()}" if query else "")


def _confirmation_url(kind, decision, pks, next_url):
    query = QueryDict(mutable=True)
    query.setlist("id", pks)
    query["next"] = next_url
    model = MODELS[kind]._meta
    return reverse("wagtail_bulk_action", args=[model.app_label, model.model_name, decision]) + "?" + query.urlencode()


class BulkDecisionForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=gettext_lazy("Reason"),
        required=False,
        queryset=ModerationReason.objects.filter(active=True),
        to_field_name="code",
        help_text=gettext_lazy("Sent to each author with the decision."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the authors (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # What the moderator saw when confirming, "pk:status" per item: a decision taken meanwhile by
    # another moderator is not overwritten.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        if moderation.TRANSITIONS[decision].needs_reason:
            self.fields["reason"].required = True
            self.fields["reason"].help_text = _("Required: sent to each author with the decision.")

    def seen_statuses(self):
        statuses = {}
        for pair in (self.cleaned_data.get("seen") or "").split(","):
            pk, _sep, status = pair.partition(":")
            if pk.isdigit():
                statuses[int(pk)] = status
        return statuses


class ModerationBulkAction(BulkAction):
    """One decision on a selection of proposals, of comments or of statements."""

    models = [Proposal, Comment, Statement]
    template_name = "consultations/admin/moderation/bulk_confirm.html"
    form_class = BulkDecisionForm
    action_priority = 10

    def dispatch(self, request, *args, **kwargs):
        if not may_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        # Tampered ids are refused by get_actionable_objects before they reach the database.
        related = {Proposal: ["author", "consultation"], Statement: ["author", "round__consultation"]}.get(
            model, ["author"]
        )
        return list(model.objects.select_related(*related).filter(pk__in=object_ids).order_by("created_at", "pk"))

    def object_ids(self):
        return self.request.GET.getlist("id")

    def get_actionable_objects(self):
        # Asked for by the form, the page and the action: the selection is read once.
        if not hasattr(self, "_actionable"):
            self._actionable = self._read_selection()
        return self._actionable

    def _read_selection(self):
        ids = self.object_ids()
        if not ids or len(ids) > MAX_SELECTION or not all(
            pk.isascii() and pk.isdigit() and len(pk) < 12 for pk in ids
        ):
            return [], {"items_with_no_access": [], "tampered": True}
        objects, without_access = [], []
        found = self.get_queryset(self.model, ids)
        for item in found:
            (objects if permissions.can_moderate(self.request.user, item) else without_access).append(item)
        return objects, {"items_with_no_access": without_access, "tampered": len(found) != len(set(ids))}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "decision": self.action_type}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.request.method == "GET":
            objects, _rest = self.get_actionable_objects()
            form.initial["seen"] = ",".join(f"{item.pk}:{item.status}" for item in objects)
            form.initial["reason"] = self.request.GET.get("reason", "")
        return form

    def object_context(self, item):
        return {
            "item": item,
            "applies": self.action_type in moderation.decisions_for(item),
            "url": reverse("moderation:item", args=[self.kind, item.pk]),
        }

    @property
    def kind(self):
        return next(kind for kind, model in MODELS.items() if model is self.model)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        _objects, rest = self.get_actionable_objects()
        return {
            **context,
            "decision_label": DECISIONS[self.action_type],
            "kind": self.kind,
            "tampered": rest["tampered"] or bool(rest["items_with_no_access"]),
            "header_icon": "warning",
        }

    def prepare_action(self, objects, objects_without_access):
        if objects_without_access.get("tampered") or objects_without_access.get("items_with_no_access"):
            messages.error(
                self.request,
                _("This selection holds contributions you may not moderate, or that do not exist: nothing was changed."),
            )
            return redirect(reverse(QUEUE_URL_NAME))
        return None

    def form_valid(self, form):
        # The next kind's confirmation offers the reason just chosen.
        reason = form.cleaned_data.get("reason")
        bulk_prefix = reverse("wagtail_bulk_action", args=["consultations", "x", "x"]).split("consultations/")[0]
        if reason and self.next_url.startswith(bulk_prefix):
            self.next_url += "&" + urlencode({"reason": reason.code})
        return super().form_valid(form)

    def get_execution_context(self):
        form = self.cleaned_form
        self.outcome = {"decided": [], "skipped": []}
        return {
            "decision": self.action_type,
            "moderator": self.request.user,
            "reason": form.cleaned_data.get("reason"),
            "note": form.cleaned_data.get("note", ""),
            "seen": form.seen_statuses(),
            "outcome": self.outcome,
        }

    @classmethod
    def execute_action(cls, objects, *, decision, moderator, reason, note, seen, outcome):
        for item in objects:
            try:
                moderation.decide(
                    item, decision, moderator=moderator, reason=reason, note=note,
                    seen_status=seen.get(item.pk) or item.status,
                )
            except ValidationError as error:
                outcome["skipped"].append((item, error.messages[0]))
            else:
                outcome["decided"].append(item)
        return len(outcome["decided"]), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        for item, why in self.outcome["skipped"]:
            messages.warning(self.request, _("“%(item)s”: %(why)s") % {"item": short_label(item), "why": why})
        return ngettext(
            "%(count)s contribution decided: its author is told.",
            "%(count)s contributions decided: their authors are told.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class ApproveBulkAction(ModerationBulkAction):
    display_name = gettext_lazy("Approve")
    action_type = "approve"
    aria_label = gettext_lazy("Approve the selected contributions")


class RejectBulkAction(ModerationBulkAction):
    display_name = gettext_lazy("Reject")
    action_type = "reject"
    aria_label = gettext_lazy("Reject the selected contributions")


class HideBulkAction(ModerationBulkAction):
    display_name = gettext_lazy("Hide")
    action_type = "hide"
    aria_label = gettext_lazy("Hide the selected contributions")


class RestoreBulkAction(ModerationBulkAction):
    display_name = gettext_lazy("Restore")
    action_type = "restore"
    aria_label = gettext_lazy("Restore the selected contributions")


class KeepBulkAction(ModerationBulkAction):
    display_name = gettext_lazy("Keep published")
    action_type = "keep"
    aria_label = gettext_lazy("Keep the selected contributions published")


BULK_ACTIONS = [ApproveBulkAction, RejectBulkAction, HideBulkAction, RestoreBulkAction, KeepBulkAction]
