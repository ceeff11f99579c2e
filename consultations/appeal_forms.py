"""The forms an author uses against a moderation decision: contest it, or edit and resubmit. Like
every public form, they carry the guards of form_guards.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .form_guards import GuardedForm
from .forms import CommentForm, ProposalForm
from .models import Statement
from .services.appeals import CONTEST_MAX_LENGTH
from .validators import plain_text


class ContestForm(GuardedForm):
    text = forms.CharField(
        label=_("Why do you contest this decision?"),
        max_length=CONTEST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("500 characters at most. Only the moderators read it."),
        validators=[plain_text],
        error_messages={"required": _("Say why you contest this decision.")},
    )


class ProposalResubmitForm(GuardedForm):
    title = ProposalForm.base_fields["title"]
    body = ProposalForm.base_fields["body"]


class CommentResubmitForm(GuardedForm):
    body = CommentForm.base_fields["body"]


class StatementResubmitForm(GuardedForm):
    # Named as the other kinds' text, which services/appeals.resubmit takes as `body`.
    body = forms.CharField(
        label=_("Your statement"),
        max_length=Statement._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One short sentence others can agree or disagree with."),
        validators=[plain_text],
    )
