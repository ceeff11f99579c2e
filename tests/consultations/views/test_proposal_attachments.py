"""Citizens attach a photo or a PDF plan to their proposal; what is stored is checked and clean."""

import html
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from consultations import attachments
from consultations.models import Proposal
from tests.factories import filled_in

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "Un toboggan pour les petits",
    "body": "Le bassin ludique manque d'un petit toboggan pour les enfants de 3 à 6 ans.",
    "tags": "",
    "address": "",
    "neighbourhood": "",
    **filled_in(),
}
GPS_IFD = 0x8825


def jpeg_with_gps(name="photo.jpg"):
    image = PillowImage.new("RGB", (64, 48), "orange")
    exif = PillowImage.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (45.0, 45.0, 10.0), 3: "E", 4: (4.0, 50.0, 5.0)}
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def pdf(size=2000):
    return SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


def post(client, consultation, **files):
    data = {**GOOD, "submission_key": str(uuid.uuid4()), "step": "publish", **files}
    return client.post(reverse("consultations:proposal_create", args=[consultation.pk]), data)


def test_the_gps_position_of_a_photo_is_not_stored(client, citizen, open_consultation):
    upload = jpeg_with_gps()
    assert PillowImage.open(io.BytesIO(upload.read())).getexif().get_ifd(GPS_IFD)  # the test's own check
    upload.seek(0)
    client.force_login(citizen)
    response = post(client, open_consultation, image=upload, image_alt="Le bassin ludique vu du plongeoir")
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    stored = proposal.image
    assert stored.collection.name == "Contributions des participants"
    assert stored.description == "Le bassin ludique vu du plongeoir"
    with stored.file.open() as file, PillowImage.open(file) as kept:
        exif = kept.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert 0x010F not in exif
        assert kept.size == (64, 48)


def test_the_photo_is_shown_resized_with_its_description(client, citizen, open_consultation):
    client.force_login(citizen)
    post(client, open_consultation, image=jpeg_with_gps(), image_alt="Le bassin ludique vu du plongeoir")
    page = client.get(Proposal.objects.get().get_absolute_url()).content.decode()
    assert 'alt="Le bassin ludique vu du plongeoir"' in page
    assert "/images/" in page and ".format-webp" in page  # a rendition, not the original


def test_a_text_file_named_jpg_is_refused_and_nothing_is_stored(client, citizen, open_consultation):
    client.force_login(citizen)
    fake = SimpleUploadedFile("photo.jpg", b"Ceci n'est pas une image.\n" * 20, content_type="image/jpeg")
    response = post(client, open_consultation, image=fake, image_alt="Une photo")
    assert response.status_code == 200
    assert "Ce fichier n'est pas une photo JPEG, PNG ou WebP." in html.unescape(response.content.decode())
    assert not Proposal.objects.exists()
    assert not get_image_model().objects.exists()


def test_a_photo_over_the_size_limit_is_refused(client, citizen, open_consultation, monkeypatch):
    monkeypatch.setattr(attachments, "IMAGE_MAX_BYTES", 500)
    client.force_login(citizen)
    response = post(client, open_consultation, image=jpeg_with_gps(), image_alt="Une photo")
    assert "Cette photo est trop lourde" in response.content.decode()
    assert not Proposal.objects.exists() and not get_image_model().objects.exists()


def test_a_photo_needs_a_short_description(client, citizen, open_consultation):
    client.force_login(citizen)
    response = post(client, open_consultation, image=jpeg_with_gps(), image_alt="")
    assert "Décrivez la photo en quelques mots." in response.content.decode()
    assert not Proposal.objects.exists() and not get_image_model().objects.exists()


def test_a_pdf_plan_is_accepted_and_offered_for_download(client, citizen, open_consultation):
    client.force_login(citizen)
    post(client, open_consultation, plan=pdf(1_250_000))
    proposal = Proposal.objects.get()
    assert proposal.plan.name.endswith(".pdf")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f'href="{proposal.plan.url}"' in page
    assert "Plan (PDF, 1,2\xa0Mio)" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("plan.pdf", b"<html>not a pdf</html>"), "Ce fichier n'est pas un document PDF."),
        (pdf(attachments.PLAN_MAX_BYTES + 1), "Ce plan est trop lourd"),
    ],
)
def test_a_plan_that_is_not_a_pdf_or_too_big_is_refused(client, citizen, open_consultation, upload, message):
    client.force_login(citizen)
    response = post(client, open_consultation, plan=upload)
    assert message in html.unescape(response.content.decode())
    assert not Proposal.objects.exists()


def test_the_forms_send_files(client, citizen, open_consultation):
    client.force_login(citizen)
    form = client.get(reverse("consultations:proposal_create", args=[open_consultation.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in form
    preview = client.post(
        reverse("consultations:proposal_create", args=[open_consultation.pk]), {**GOOD, "step": "preview"}
    ).content.decode()
    assert 'enctype="multipart/form-data"' in preview and 'type="file" name="image"' in preview


def test_the_author_adds_a_plan_and_rewords_the_photo_description_when_editing(client, citizen, open_consultation):
    client.force_login(citizen)
    post(client, open_consultation, image=jpeg_with_gps(), image_alt="Le bassin")
    proposal = Proposal.objects.get()
    edit = reverse("consultations:proposal_edit", args=[proposal.pk])
    form = client.get(edit).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'value="Le bassin"' in form
    client.post(edit, {**GOOD, "image_alt": "Le bassin ludique au printemps", "plan": pdf()})
    proposal.refresh_from_db()
    assert proposal.plan and proposal.image.description == "Le bassin ludique au printemps"
