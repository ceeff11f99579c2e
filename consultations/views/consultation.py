"""Finding a live consultation, the not-eligible page, the deadline calendar file and the open data."""

import datetime
import tempfile

import icalendar
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from freshness.kept import kept
from freshness.versions import CONTENT

from .. import canonical, permissions
from ..consultation_export.open_data import write_open_data
from ..models import ConsultationPage


def live_consultation(consultation_id, *, fresh=False):
    """The live, public consultation page, or 404.

    Kept in memory under the content version, which every publication bumps; whatever writes (a
    ballot, a proposal) asks for a `fresh` copy, read and checked in its own request."""

    def load():
        page = ConsultationPage.objects.live().public().filter(pk=consultation_id).first()
        if page is not None:
            page.eligible_neighbourhood_names  # noqa: B018  (read now, so it is kept with it)
        return page

    consultation = load() if fresh else kept(f"consultation:{consultation_id}", [CONTENT], load)
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


@canonical.on_its_site(canonical.by_consultation)
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


@canonical.on_its_site(canonical.by_consultation)
def open_data(request, consultation_id):
    """The open-data zip of a closed consultation (CSV files and datapackage.json), built on each
    request: about 85 ms for a closed consultation of the demo, always as the data, the moderation
    and the site's licence are now, with nothing kept to go stale."""
    consultation = live_consultation(consultation_id)
    if not permissions.can_download_open_data(consultation):
        raise Http404(_("Open data is published once the consultation has closed."))
    # Spilled to disk past a few megabytes: memory stays flat for a large consultation.
    package = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)
    write_open_data(consultation, package)
    package.seek(0)
    return FileResponse(
        package, as_attachment=True, filename=f"donnees-ouvertes-{consultation.slug}.zip",
        content_type="application/zip",
    )
