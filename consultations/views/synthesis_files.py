"""A synthesis's files: the PDF (its print template drawn by WeasyPrint) and the XLSX workbook of its
figures. Both are the page's routes (SynthesisPage.pdf, .xlsx), so Wagtail has already checked the
page's view restrictions (an officials-only synthesis) before these run; they read the same context
as the page, so the same snapshot, and freeze it on the first request after the close as the page
does."""

import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from ..decision_sheet import XLSX_MIME
from ..synthesis.pdf import render_pdf
from ..synthesis.workbook import write_workbook


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
    html = render_to_string("consultations/synthesis_print.html", context, request=request)
    content = render_pdf(html, base_url=request.build_absolute_uri("/"))
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
