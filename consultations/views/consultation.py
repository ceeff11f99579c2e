"""The consultation and local project pages (Wagtail pages) and the deadline calendar file."""

import datetime

import icalendar
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from home import site_memo

from .. import activity, permissions
from ..models import Ballot, ConsultationPage, Follow, Proposal
from ..services.voting import ballot_projects
from .cards import CardEntry, proposal_cards
from .discussion import discussion


def live_consultation(consultation_id, *, fresh=False):
    """The live, public consultation page, or 404.

    Pages read it from the memory of published content (home/site_memo.py): another process
    sees an editor's change within SITE_MEMO_SECONDS. Whatever writes (a ballot, a proposal)
    asks for a `fresh` copy, so that a date an editor has just changed applies at once."""

    def load():
        page = ConsultationPage.objects.live().public().filter(pk=consultation_id).first()
        if page is not None:
            page.eligible_neighbourhood_names  # noqa: B018  (read now, so it is remembered with it)
        return page

    consultation = load() if fresh else site_memo.remember(f"consultation:{consultation_id}", load)
    if consultation is None:
        raise Http404(_("This consultation does not exist or is not public."))
    return consultation


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
    activity.stamps(page, user)  # the page's three stamps in one read
    proposal_count, latest = 0, []
    if page.proposals_enabled:
        proposal_count, latest = activity.remembered(page, "latest-proposals", lambda: _latest_proposals(page))
    context = {
        # Left as a query: the template reads it only when its cached fragment has expired.
        "projects": ballot_projects(page).select_related("image"),
        "proposal_count": proposal_count,
        "can_submit_proposal": permissions.can_submit_proposal(user, page),
        "can_vote": permissions.can_vote(user, page),
        "can_see_results": permissions.can_see_results(user, page),
        **_reader_state(page, user),
    }
    latest_cards, has_support_buttons = proposal_cards(
        page, latest, user, support_open=permissions.support_is_open(page)
    )
    context["latest_proposals"] = latest_cards
    context["has_support_buttons"] = has_support_buttons
    context.update(discussion_context(page, request, consultation=page))
    return context


def _reader_state(page, user):
    if not user.is_authenticated:
        return {"is_following": False, "ballot": None}
    return activity.remembered_for_reader(
        page, user, "consultation-reader",
        lambda: {
            "is_following": Follow.objects.of(user).on(page).exists(),
            "ballot": Ballot.objects.filter(consultation=page, voter=user).first()
            if page.votes_on_projects
            else None,
        },
    )


def _latest_proposals(consultation):
    published = Proposal.objects.for_consultation(consultation).published()
    latest = published.order_by("-created_at", "-id").only("id", "author_id", "status")[:3]
    return published.count(), [CardEntry.of(proposal) for proposal in latest]


def local_project_context(page, request):
    consultation = permissions.consultation_of(page)
    context = {"consultation": consultation}
    context.update(discussion_context(page, request, consultation=consultation))
    return context


def discussion_context(target, request, *, consultation, url=None):
    can_comment = permissions.can_comment(request.user, target, consultation=consultation)
    return {
        "discussion": discussion(
            request, target, consultation=consultation, can_comment=can_comment,
            url=url or target.get_url(request),
        ),
        "can_comment": can_comment,
        "comment_target": target,
    }


def deadline_ics(request, consultation_id):
    """An iCalendar event for the consultation's next deadline, to add to one's calendar."""
    consultation = live_consultation(consultation_id)
    deadline = consultation.next_deadline
    if deadline is None:
        raise Http404(_("This consultation has no deadline left."))
    moment = deadline.at.astimezone(datetime.UTC)
    summary = f"{deadline.label} : {consultation.title}"
    alarm = icalendar.Alarm()
    alarm.add("trigger", datetime.timedelta(days=-1))
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    event = icalendar.Event()
    event.add("uid", f"consultation-{consultation.pk}-{deadline.key}@{request.get_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", moment)
    event.add("dtend", moment)
    event.add("summary", summary)
    event.add("description", consultation.question)
    event.add("url", request.build_absolute_uri(consultation.get_url(request)))
    event.add_component(alarm)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Portail de la participation//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="echeance-{consultation.slug}.ics"'
    return response
