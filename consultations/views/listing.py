"""The list of consultations of a site, with its filters."""

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from home import site_memo

from ..models import ConsultationPage, Facility, Neighbourhood
from ..phases import Phase, phase_conditions

# The list's status filter: which phases each choice shows.
STATUS_FILTERS = {
    "open": (Phase.PROPOSALS, Phase.VOTE),
    "vote": (Phase.VOTE,),
    "upcoming": (Phase.INFORMATION,),
    "closed": (Phase.RESULTS, Phase.DECISION),
}


def _in_phases(phases, conditions):
    matched = Q()
    for phase in phases:
        matched |= conditions[phase]
    return matched


def querystring_without_page(request):
    """The current filters, ready to prefix a page number in pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def consultation_index_context(index_page, request):
    now = timezone.now()
    consultations = (
        ConsultationPage.objects.live().public().child_of(index_page)
        .select_related("facility", "image")
        .prefetch_related("tags", "neighbourhoods")
    )
    status = request.GET.get("status", "")
    facility = request.GET.get("facility", "")
    neighbourhood = request.GET.get("neighbourhood", "")
    tag = request.GET.get("tag", "")
    conditions = phase_conditions(now)
    if status in STATUS_FILTERS:
        consultations = consultations.filter(_in_phases(STATUS_FILTERS[status], conditions))
    if facility.isdigit():
        consultations = consultations.filter(facility_id=int(facility))
    if neighbourhood.isdigit():
        consultations = consultations.filter(neighbourhoods__id=int(neighbourhood))
    if tag:
        consultations = consultations.filter(tags__slug=tag)
    is_open = _in_phases(STATUS_FILTERS["open"], conditions)
    consultations = consultations.annotate(
        open_rank=Case(When(is_open, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("open_rank", "-first_published_at", "-pk").distinct()
    page = Paginator(consultations, 12).get_page(request.GET.get("page"))
    return {
        "consultations": page,
        "filters_querystring": querystring_without_page(request),
        "filters": {"status": status, "facility": facility, "neighbourhood": neighbourhood, "tag": tag},
        "facilities": site_memo.remember("facilities", lambda: list(Facility.objects.all())),
        "neighbourhoods": site_memo.remember("neighbourhoods", lambda: list(Neighbourhood.objects.all())),
    }
