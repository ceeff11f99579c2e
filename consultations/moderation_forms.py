"""The forms of the moderation queue: its filters, and a moderator's decision on one item."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from .models import ConsultationPage, ModerationReason, Proposal, Sanction
from .services.moderation import TRANSITIONS, decisions_for

DECISIONS = {
    "approve": _("Approve"),
    "reject": _("Reject"),
    "hide": _("Hide"),
    "restore": _("Restore"),
    "keep": _("Keep published (the reports are unfounded)"),
    "confirm": _("Confirm the rejection (final)"),
}


class QueueFilterForm(forms.Form):
    """Every field is optional and anything it does not know is ignored: a queue is never a 500."""

    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("waiting", _("To review")),
            ("reported", _("Reported")),
            ("contested", _("Contested or resubmitted")),
            ("decided", _("Decided")),
            ("all", _("All")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("All contributions")),
            ("proposal", _("Proposals")),
            ("comment", _("Comments")),
            ("statement", _("Opinion-round statements")),
        ],
    )
    site = forms.ModelChoiceField(label=_("Site"), required=False, queryset=Site.objects.all())
    consultation = forms.ModelChoiceField(
        label=_("Consultation"), required=False, queryset=ConsultationPage.objects.none()
    )
    age = forms.ChoiceField(
        label=_("Waiting for"),
        required=False,
        choices=[("", _("Any time")), ("1", _("More than a day")), ("2", _("More than two days")), ("7", _("More than a week"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = ConsultationPage.objects.order_by("title")

    def shows_whole_waiting_queue(self):
        """Whether the filters are those of the admin menu's count: everything to review."""
        filters = self.filters()
        return filters["state"] == "waiting" and not any(
            filters.get(key) for key in ("kind", "site", "consultation", "older_than")
        )

    def filters(self):
        """The keyword arguments of moderation_queue.moderation_queue, from what was valid."""
        if not self.is_valid():
            return {"state": "waiting"}
        data = self.cleaned_data
        days = data.get("age")
        return {
            "state": {"all": ""}.get(data.get("state"), data.get("state") or "waiting"),
            "kind": data.get("kind") or "",
            "site": data.get("site"),
            "consultation": data.get("consultation"),
            "older_than": timezone.now() - timedelta(days=int(days)) if days else None,
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=list(DECISIONS.items()), widget=forms.RadioSelect)
    reason = forms.ModelChoiceField(
        label=_("Reason"),
        required=False,
        queryset=ModerationReason.objects.filter(active=True),
        to_field_name="code",
        help_text=_("Required to reject, hide or confirm a decision; sent to the author."),
    )
    note = forms.CharField(
        label=_("Note to the author (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # The status the moderator saw: a decision taken meanwhile by someone else is not overwritten.
    seen_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            allowed = decisions_for(item)
            self.fields["decision"].choices = [(key, DECISIONS[key]) for key in allowed]
            self.fields["seen_status"].initial = item.status

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision in TRANSITIONS and TRANSITIONS[decision].needs_reason and not data.get("reason"):
            self.add_error("reason", _("Choose the reason for this decision."))
        return data



class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sanction"), choices=Sanction.Kind.choices, widget=forms.RadioSelect)
    reason = forms.ModelChoiceField(
        label=_("Reason"), queryset=ModerationReason.objects.filter(active=True), to_field_name="code"
    )
    until = forms.DateTimeField(
        label=_("Suspended until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text=_("For a suspension only."),
    )
    note = forms.CharField(
        label=_("Note to the account holder (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hide_contributions = forms.BooleanField(
        label=_("Also hide all of this account's published contributions"), required=False
    )


class LiftForm(forms.Form):
    note = forms.CharField(label=_("Why lift it"), required=False, max_length=1000)


class AnswerForm(forms.Form):
    """A proposal's official answer, given or edited by its site's moderators and editors."""

    answer_status = forms.ChoiceField(label=_("Status of the answer"), choices=[("", "—")] + Proposal.Answer.choices)
    answer_text = forms.CharField(
        label=_("Text of the answer"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, 3,000 characters at most. Followers and supporters are emailed when the status is given or changes."),
    )

    def __init__(self, *args, proposal=None, **kwargs):
        if proposal is not None and proposal.answer_status:
            kwargs.setdefault(
                "initial", {"answer_status": proposal.answer_status, "answer_text": proposal.answer_text}
            )
        super().__init__(*args, **kwargs)


class MergeForm(forms.Form):
    """Which published proposal of the same consultation a duplicate is merged into."""

    into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Proposal.objects.none(),
        help_text=_("Its supports and followers go to the chosen proposal; this one then leads to it."),
    )
    merge_note = forms.CharField(
        label=_("Note to the author (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Proposal.objects.for_consultation(proposal.consultation).published()
            .exclude(pk=proposal.pk).order_by("title", "pk")
        )
        self.fields["into"].label_from_instance = lambda kept: _("%(title)s (no. %(pk)s, supports: %(supports)s)") % {
            "title": kept.title, "pk": kept.pk, "supports": kept.support_count,
        }
