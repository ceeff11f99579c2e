"""A synthesis's files: the PDF (its print template drawn by WeasyPrint) and the XLSX workbook of its
figures. Both are the page's routes (SynthesisPage.pdf, .xlsx), so Wagtail has already checked the
page's view restrictions (an officials-only synthesis) before these run; they read the same context
as the page, so the same snapshot, and freeze it on the first request after the close as the page
does.

A PDF takes WeasyPrint one to a few seconds: each process keeps it under the versions of what it
shows (the consultation's contributions, whose recomputation bumps it, and the published content,
the page's text among it), per snapshot, language and address of the site."""

import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from .. import activity
from ..decision_sheet import XLSX_MIME
from . import pdf as synthesis_pdf
from .workbook import write_workbook


def _file_name(context, extension):
    provisional = "-provisoire" if context["provisional"] else ""
    return f"synthese-{context['consultation'].slug}{provisional}.{extension}"


def _attachment(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # A recomputation changes the files without publishing the page, which is what purges shared
    # caches: they must not keep them.
    patch_cache_control(response, private=True)
    return response


def pdf(request, page):
    context = page.get_context(request)
    context["page_full_url"] = request.build_absolute_uri(page.get_url(request))
    base_url = request.build_absolute_uri("/")
    snapshot = context["snapshot"]

    def draw():
        html = render_to_string("consultations/synthesis_print.html", context, request=request)
        return synthesis_pdf.render_pdf(html, base_url=base_url)

    name = f"synthesis-pdf:{page.pk}:{snapshot.pk if snapshot else 'provisional'}:{get_language()}:{base_url}"
    content = activity.remembered(context["consultation"], name, draw)
    return _attachment(content, "application/pdf", _file_name(context, "pdf"))


def xlsx(request, page):
    context = page.get_context(request)
    output = io.BytesIO()
    write_workbook(
        output, page=page, consultation=context["consultation"], figures=context["figures"],
        snapshot=context["snapshot"], page_url=request.build_absolute_uri(page.get_url(request)),
        open_data_url=context["open_data_url"],
    )
    return _attachment(output.getvalue(), XLSX_MIME, _file_name(context, "xlsx"))
