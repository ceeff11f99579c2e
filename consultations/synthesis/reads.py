"""What a synthesis page shows, read for its view (models/synthesis.py's get_context): the
consultation, its figures (frozen or provisional: snapshots.shown) and the addresses of its files."""

from django.urls import reverse

from . import snapshots


def synthesis_context(page, request):
    consultation = page.get_parent().specific
    page_url = page.get_url(request)
    return {
        "consultation": consultation,
        **snapshots.shown(page, consultation),
        "pdf_url": page_url + page.reverse_subpage("pdf"),
        "xlsx_url": page_url + page.reverse_subpage("xlsx"),
        # Absolute: the printed page and the files show it for readers who cannot click.
        "open_data_url": request.build_absolute_uri(reverse("consultations:open_data", args=[consultation.pk])),
    }
