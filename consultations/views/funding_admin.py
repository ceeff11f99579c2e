"""Staff's recorded changes to a budget vote's funded projects, from the consultation's page of
board decisions (/admin/decisions/<id>/): every rule is in services/funding_overrides.py."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from .. import permissions
from ..models import ConsultationPage, FundingOverride, LocalProjectPage
from ..services import funding_overrides
from .decisions_admin import consultation_url


class OverrideForm(forms.Form):
    project = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=FundingOverride.Action.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Public reason"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Published on the results page beside the change."),
    )


def _consultation(request, pk):
    consultation = get_object_or_404(ConsultationPage, pk=pk)
    if not permissions.can_record_decisions(request.user, consultation):
        raise PermissionDenied
    return consultation


@require_POST
def record(request, pk):
    consultation = _consultation(request, pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for this change: it is published with it."))
        return redirect(consultation_url(consultation) + "#funding-title")
    project = LocalProjectPage.objects.filter(pk=form.cleaned_data["project"]).first()
    if project is None:
        messages.error(request, _("This project is not on the ballot of this consultation."))
        return redirect(consultation_url(consultation) + "#funding-title")
    try:
        funding_overrides.record_override(
            consultation, project, form.cleaned_data["action"], form.cleaned_data["reason"], by=request.user,
        )
    except funding_overrides.OverrideRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Change to the funded projects recorded and published: %(title)s.")
                         % {"title": project.title})
    return redirect(consultation_url(consultation) + "#funding-title")


@require_POST
def withdraw(request, pk, override_pk):
    consultation = _consultation(request, pk)
    override = get_object_or_404(FundingOverride.objects.select_related("local_project", "consultation"),
                                 pk=override_pk, consultation=consultation)
    try:
        funding_overrides.withdraw_override(override, by=request.user)
    except funding_overrides.OverrideRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Change withdrawn: %(title)s is back to the rule's result.")
                         % {"title": override.local_project.title})
    return redirect(consultation_url(consultation) + "#funding-title")
