"""The list of consultations of a site, with its filters."""

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from ..models import ConsultationPage, Facility, Neighbourhood
from ..phases import Phase

STATUS_FILTERS = {
    "open": Phase.PROPOSALS,
    "vote": Phase.VOTE,
    "upcoming": Phase.INFORMATION,
    "closed": Phase.RESULTS,
}


def _phase_filter(status, now):
    proposals_open = Q(proposals_opens_at__lte=now, proposals_closes_at__gt=now)
    vote_open = Q(vote_opens_at__lte=now, vote_closes_at__gt=now)
    if status == "open":
        return proposals_open | vote_open
    if status == "vote":
        return vote_open
    if status == "upcoming":
        return Q(proposals_opens_at__gt=now) | Q(proposals_opens_at__isnull=True, vote_opens_at__gt=now)
    if status == "closed":
        return Q(vote_closes_at__lte=now) | Q(vote_closes_at__isnull=True, proposals_closes_at__lte=now)
    return Q()


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
    if status in STATUS_FILTERS:
        consultations = consultations.filter(_phase_filter(status, now))
    if facility.isdigit():
        consultations = consultations.filter(facility_id=int(facility))
    if neighbourhood.isdigit():
        consultations = consultations.filter(neighbourhoods__id=int(neighbourhood))
    if tag:
        consultations = consultations.filter(tags__slug=tag)
    is_open = Q(proposals_opens_at__lte=now, proposals_closes_at__gt=now) | Q(
        vote_opens_at__lte=now, vote_closes_at__gt=now
    )
    consultations = consultations.annotate(
        open_rank=Case(When(is_open, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("open_rank", "-first_published_at", "-pk").distinct()
    page = Paginator(consultations, 12).get_page(request.GET.get("page"))
    return {
        "consultations": page,
        "filters_querystring": querystring_without_page(request),
        "filters": {"status": status, "facility": facility, "neighbourhood": neighbourhood, "tag": tag},
        "facilities": Facility.objects.all(),
        "neighbourhoods": Neighbourhood.objects.all(),
    }
