from wagtail.snippets.models import register_snippet

from .viewsets import FacilityViewSet, NeighbourhoodViewSet

register_snippet(FacilityViewSet)
register_snippet(NeighbourhoodViewSet)
