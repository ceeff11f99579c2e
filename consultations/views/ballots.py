"""The ballot page, the results page and the receipt check."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import permissions
from ..models import Ballot, ConsultationPage
from ..selectors import vote_results
from ..services.voting import ballot_projects, cast_ballot
from .consultation import live_consultation, not_eligible

Method = ConsultationPage.VoteMethod
STANCE_VALUES = {"for": 1, "against": -1, "abstain": 0}
FIELD = re.compile(r"^(project|points)-(\d{1,12})$")


def parse_ballot(consultation, data):
    """Read the submitted form into (project_id, value) pairs; tampered values raise ValidationError."""
    method = consultation.vote_method
    choices = []
    if method in {Method.APPROVAL, Method.BUDGET}:
        for raw in data.getlist("projects"):
            if not raw.isdigit():
                raise ValidationError(_("This ballot names a project that is not on the ballot."))
            choices.append((int(raw), 1))
        return choices
    for key in data:
        match = FIELD.match(key)
        if not match:
            continue
        values = data.getlist(key)
        if len(values) != 1:
            raise ValidationError(_("A project appears twice on this ballot."))
        raw = values[0].strip()
        project_id = int(match.group(2))
        if method == Method.FOR_AGAINST and match.group(1) == "project":
            if raw == "":
                continue
            if raw not in STANCE_VALUES:
                raise ValidationError(_("Answer for, against or abstain."))
            choices.append((project_id, STANCE_VALUES[raw]))
        elif method == Method.POINTS and match.group(1) == "points":
            if raw == "":
                continue
            if not re.fullmatch(r"-?\d{1,4}", raw):
                raise ValidationError(_("Points are whole numbers."))
            choices.append((project_id, int(raw)))
    return choices


def _current_values(ballot):
    if ballot is None:
        return {}
    return {choice.project_id: choice.value for choice in ballot.choices.all()}


@require_http_methods(["GET", "POST"])
def ballot(request, consultation_id):
    consultation = live_consultation(consultation_id, fresh=request.method == "POST")
    decision = permissions.can_vote(request.user, consultation)
    if not decision:
        return not_eligible(request, consultation, decision, _("Vote"))
    error = None
    submitted = None
    if request.method == "POST":
        # A valid ballot goes straight to the service: the page is only built again on error.
        try:
            choices = parse_ballot(consultation, request.POST)
            saved = cast_ballot(consultation, voter=request.user, choices=choices)
        except ValidationError as exc:
            error = exc.messages[0]
            submitted = _submitted_values(consultation, request.POST)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect(consultation.url)
        else:
            if saved.revision:
                messages.success(request, _("Your vote has been changed. Only your latest ballot counts."))
            else:
                messages.success(request, _("Your vote has been recorded. Thank you!"))
            return redirect("consultations:ballot", consultation_id=consultation.pk)
    projects = list(ballot_projects(consultation).select_related("image"))
    existing = Ballot.objects.filter(consultation=consultation, voter=request.user).prefetch_related("choices").first()
    values = submitted if submitted is not None else _current_values(existing)
    rows = [
        {
            "project": project,
            "value": values.get(project.pk),
            "stance": {1: "for", -1: "against", 0: "abstain"}.get(values.get(project.pk)),
        }
        for project in projects
    ]
    spent = sum(row["project"].cost for row in rows if row["value"] == 1) if consultation.vote_method == Method.BUDGET else 0
    return render(
        request,
        "consultations/ballot.html",
        {
            "consultation": consultation,
            "rows": rows,
            "ballot": existing,
            "error": error,
            "spent": spent,
            "points_given": sum(v for v in values.values() if v and v > 0) if consultation.vote_method == Method.POINTS else 0,
            "receipt": existing.receipt if existing else None,
        },
        status=400 if error else 200,
    )


def _submitted_values(consultation, data):
    """What the voter just sent, so a refused ballot comes back as they filled it in."""
    values = {}
    if consultation.vote_method in {Method.APPROVAL, Method.BUDGET}:
        for raw in data.getlist("projects"):
            if raw.isdigit():
                values[int(raw)] = 1
        return values
    for key in data:
        match = FIELD.match(key)
        if not match:
            continue
        raw = data.get(key, "").strip()
        if consultation.vote_method == Method.FOR_AGAINST and raw in STANCE_VALUES:
            values[int(match.group(2))] = STANCE_VALUES[raw]
        elif consultation.vote_method == Method.POINTS and re.fullmatch(r"\d{1,4}", raw):
            values[int(match.group(2))] = int(raw)
    return values


def results(request, consultation_id):
    consultation = live_consultation(consultation_id)
    decision = permissions.can_see_results(request.user, consultation)
    if not decision:
        return not_eligible(request, consultation, decision, _("Results"), forbidden=False)
    projects = list(ballot_projects(consultation))
    return render(
        request,
        "consultations/results.html",
        {
            "consultation": consultation,
            "results": vote_results(consultation, projects),
            "provisional": not consultation.is_vote_closed,
        },
    )


def receipt_check(request):
    code = request.GET.get("code", "").strip().upper()[:40]
    ballot = None
    searched = bool(code)
    if code:
        normalised = re.sub(r"[^A-Z0-9]", "", code)
        if len(normalised) == 16:
            formatted = "-".join(normalised[i : i + 4] for i in range(0, 16, 4))
            ballot = Ballot.objects.select_related("consultation").filter(receipt=formatted).first()
    return render(
        request,
        "consultations/receipt_check.html",
        {"code": code, "ballot": ballot, "searched": searched, "meta_title": _("Check my ballot")},
    )
