"""The elected officials' dashboard at /admin/officials/: every consultation of every site with its
participation, outcome and decisions, filtered by site and year, sorted by a column, with the
participants month by month. For those who may read results (dashboard.may_read_results):
elected officials, moderators, superusers; the others get a 403."""

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.models import Site

from ..charts import line_chart
from ..dashboard import may_read_results
from ..officials_overview import DEFAULT_SORT, SORTS, officials_overview

INDEX_URL_NAME = "officials:index"

# The sortable columns, in the table's order: (sort key, heading).
SORTABLE = {
    "title": gettext_lazy("Consultation"),
    "site": gettext_lazy("Site"),
    "dates": gettext_lazy("Dates"),
    "participants": gettext_lazy("Participants"),
    "ballots": gettext_lazy("Ballots"),
    "turnout": pgettext_lazy("ballots over eligible voters", "Turnout"),
    "decisions": gettext_lazy("Decisions"),
}
# Figures read best largest first; words from A to Z.
FIRST_DIRECTION = {"title": "", "site": ""}


def _chosen_int(value):
    return int(value) if value.isdigit() else None


class OfficialsDashboardView(generic.WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/officials/index.html"
    header_icon = "table"
    page_title = gettext_lazy("Elected officials' dashboard")

    def dispatch(self, request, *args, **kwargs):
        if not may_read_results(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        query = self.request.GET
        site_id, year = _chosen_int(query.get("site", "")), _chosen_int(query.get("year", ""))
        site = Site.objects.filter(pk=site_id).first() if site_id else None
        sort = query.get("sort", DEFAULT_SORT)
        if sort.lstrip("-") not in SORTS:
            sort = DEFAULT_SORT
        overview = officials_overview(site=site, year=year, sort=sort)
        chart = line_chart(
            _("Participants month by month"),
            _("Each month, the people who took part in the consultations listed, each counted once."),
            overview.months,
            series_label=_("Participants"),
            by="month",
        )
        return super().get_context_data(
            overview=overview,
            chosen_site=site.pk if site else None,
            chosen_year=year,
            sort=sort,
            headings=self._headings(sort, site, year),
            chart=chart,
            several_sites=len({row.site.pk for row in overview.rows}) > 1,
            **kwargs,
        )

    def _headings(self, sort, site, year):
        """Each sortable column's heading: its link (the other direction when it is the sort)
        and its aria-sort."""
        active, descending = sort.lstrip("-"), sort.startswith("-")
        headings = {}
        for key, label in SORTABLE.items():
            if key == active:
                target = key if descending else f"-{key}"
                state = "descending" if descending else "ascending"
            else:
                target = FIRST_DIRECTION.get(key, "-") + key
                state = None
            params = QueryDict(mutable=True)
            if site:
                params["site"] = site.pk
            if year:
                params["year"] = year
            params["sort"] = target
            headings[key] = {
                "label": label,
                "url": f"{reverse(INDEX_URL_NAME)}?{params.urlencode()}",
                "aria_sort": state,
            }
        return headings
