"""The consultation and local project pages (Wagtail pages) and the deadline calendar file."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..forms import CommentForm
from ..models import Ballot, ConsultationPage, Follow, Proposal
from ..selectors import comment_thread
from ..services.voting import ballot_projects


def live_consultation(consultation_id):
    return get_object_or_404(ConsultationPage.objects.live().public(), pk=consultation_id)


def not_eligible(request, consultation, decision, action, *, forbidden=True):
    """The page that says why an action is not open to this visitor and how to become eligible.
    Answered with 403 when the action is refused to a signed-in visitor, 200 otherwise."""
    refused = forbidden and decision.code != "sign_in"
    return render(
        request,
        "consultations/not_eligible.html",
        {"decision": decision, "consultation": consultation, "action": action},
        status=403 if refused else 200,
    )


def consultation_page_context(page, request):
    user = request.user
    projects = list(ballot_projects(page).select_related("image"))
    published = Proposal.objects.for_consultation(page).published()
    context = {
        "projects": projects,
        "proposal_count": published.count() if page.proposals_enabled else 0,
        "latest_proposals": list(published.for_listing().order_by("-created_at")[:3])
        if page.proposals_enabled
        else [],
        "can_submit_proposal": permissions.can_submit_proposal(user, page),
        "can_vote": permissions.can_vote(user, page),
        "can_see_results": permissions.can_see_results(user, page),
        "is_following": user.is_authenticated and Follow.objects.of(user).on(page).exists(),
        "ballot": Ballot.objects.filter(consultation=page, voter=user).first()
        if user.is_authenticated and page.votes_on_projects
        else None,
    }
    context.update(discussion_context(page, request, consultation=page))
    return context


def local_project_context(page, request):
    consultation = page.get_parent().specific
    context = {"consultation": consultation}
    context.update(discussion_context(page, request, consultation=consultation))
    return context


def discussion_context(target, request, *, consultation):
    return {
        "comments": comment_thread(target, request.user),
        "can_comment": permissions.can_comment(request.user, target, consultation=consultation),
        "comment_form": CommentForm(),
        "comment_target": target,
    }


def _ics_escape(text):
    return str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def deadline_ics(request, consultation_id):
    """An iCalendar event for the consultation's next deadline, to add to one's calendar."""
    consultation = live_consultation(consultation_id)
    deadline = consultation.next_deadline
    if deadline is None:
        raise Http404(_("This consultation has no deadline left."))
    moment = deadline.at.astimezone(datetime.timezone.utc)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    start = moment.strftime("%Y%m%dT%H%M%SZ")
    url = request.build_absolute_uri(consultation.get_url(request))
    summary = f"{deadline.label} : {consultation.title}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Portail de la participation//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:consultation-{consultation.pk}-{deadline.key}@{request.get_host()}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{start}",
        f"DTEND:{start}",
        f"SUMMARY:{_ics_escape(summary)}",
        f"DESCRIPTION:{_ics_escape(consultation.question)}",
        f"URL:{url}",
        "BEGIN:VALARM",
        "TRIGGER:-P1D",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_ics_escape(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="echeance-{consultation.slug}.ics"'
    return response
