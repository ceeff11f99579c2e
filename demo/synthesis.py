"""The officials' syntheses in the demo (the `synthesis` of consultations.yaml): a SynthesisPage
under the consultation with the staff's words, published; the closed consultation's figures are
frozen at once, as its first view or `freeze_syntheses` would. A consultation that already has its
synthesis is left alone."""

from consultations.models import SynthesisPage
from consultations.synthesis import snapshots


def seed_syntheses(consultations, created):
    for spec, consultation in consultations:
        wanted = spec.get("synthesis")
        if not wanted or SynthesisPage.objects.child_of(consultation).exists():
            continue
        body = [("summary", " ".join(wanted["summary"].split()))]
        if wanted.get("takeaways"):
            body.append(("takeaways", wanted["takeaways"]))
        if wanted.get("next_steps"):
            body.append(("next_steps", " ".join(wanted["next_steps"].split())))
        page = consultation.add_child(instance=SynthesisPage(
            title=wanted["title"], slug="synthese", body=body, officials_only=wanted.get("officials_only", False),
            search_description=wanted["title"],
        ))
        page.save_revision().publish()
        created["syntheses"] += 1
        if snapshots.is_closed(consultation):
            snapshots.freeze(page, consultation)
