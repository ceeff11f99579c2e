"""The public company's accounts of its campaigns (/admin/financing/accounting/): per campaign and
per payment provider, on screen and as CSV or XLSX, filtered by site and year, for the staff who
manage a site's financing (permissions.can_read_accounting); the others get a 403. The figures are
accounting.py's."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.models import Site

from consultations.permissions import editing_scope

from ..accounting import COLUMNS, Totals, accounting_rows, accounting_sites, accounting_years
from ..accounting_files import csv_stream, xlsx_file

INDEX_URL_NAME = "financing_accounting:index"


def _sites(user):
    return accounting_sites(user, list(Site.objects.select_related("root_page").order_by("site_name", "hostname")))


def may_read_any_accounts(user):
    """For the menu, asked on every admin page: no query beyond the page permissions Wagtail's
    menu reads anyway. The page itself checks each site."""
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return False
    return user.is_superuser or bool(editing_scope(user))


def _chosen(request):
    """(the user's sites, the sites chosen, the year chosen or None); a 403 for no site."""
    sites = _sites(request.user)
    if not sites:
        raise PermissionDenied
    site_id, year = request.GET.get("site", ""), request.GET.get("year", "")
    chosen = [site for site in sites if str(site.pk) == site_id] or sites
    return sites, chosen, int(year) if year.isdigit() and len(year) == 4 else None


def _file_name(chosen, sites, year, extension):
    parts = ["comptabilite-financement"]
    if len(chosen) == 1 and len(sites) > 1:
        parts.append(chosen[0].hostname.split(".")[0])
    parts.append(str(year) if year else timezone.localdate().isoformat())
    return "-".join(parts) + f".{extension}"


class AccountingView(generic.WagtailAdminTemplateMixin, TemplateView):
    template_name = "financing/admin/accounting.html"
    header_icon = "table"
    page_title = gettext_lazy("Financing accounts")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        sites, chosen, year = _chosen(request)
        self.sites, self.chosen, self.year = sites, chosen, year
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        rows = list(accounting_rows(self.chosen, year=self.year))
        totals = Totals()
        for row in rows:
            totals.add(row)
        params = QueryDict(mutable=True)
        if len(self.chosen) == 1 and len(self.sites) > 1:
            params["site"] = self.chosen[0].pk
        if self.year:
            params["year"] = self.year
        query = f"?{params.urlencode()}" if params else ""
        return super().get_context_data(
            sites=self.sites,
            chosen_site=self.chosen[0].pk if len(self.chosen) == 1 and len(self.sites) > 1 else None,
            years=accounting_years(self.sites),
            chosen_year=self.year,
            columns=COLUMNS,
            rows=rows,
            totals=totals,
            csv_url=reverse("financing_accounting:csv") + query,
            xlsx_url=reverse("financing_accounting:xlsx") + query,
            **kwargs,
        )


def download_csv(request):
    sites, chosen, year = _chosen(request)
    response = StreamingHttpResponse(csv_stream(accounting_rows(chosen, year=year)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(chosen, sites, year, "csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def download_xlsx(request):
    sites, chosen, year = _chosen(request)
    response = FileResponse(
        xlsx_file(accounting_rows(chosen, year=year)), as_attachment=True,
        filename=_file_name(chosen, sites, year, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "private, no-store"
    return response
