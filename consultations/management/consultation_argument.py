"""The CONSULTATION argument of the commands: a page id or a slug."""

from django.core.management.base import CommandError

from consultations.models import ConsultationPage


def find_consultation(reference):
    """A consultation page by id or slug, or a CommandError saying why not."""
    pages = ConsultationPage.objects.all()
    found = list(pages.filter(pk=int(reference))) if reference.isdigit() else []
    if not found:
        found = list(pages.filter(slug=reference)[:2])
    if not found:
        raise CommandError(f"Aucune consultation d'identifiant ou de slug « {reference} ».")
    if len(found) > 1:
        raise CommandError(
            f"Plusieurs consultations ont le slug « {reference} » : donnez l'identifiant de la page."
        )
    return found[0].specific
