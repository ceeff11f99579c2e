"""The "Participation" admin: resident verification for moderators, neighbourhoods and facilities,
their exports, and the one-time handover of letter codes."""

import base64
import csv
import io
import logging
import pickle
import re
from html import unescape

import openpyxl
import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from wagtail.users.models import UserProfile

from consultations.codes import normalised as normalise_code
from consultations.models import Facility, Neighbourhood, ResidentCodeBatch
from consultations.services.verification import (
    generate_code_batch,
    revoke_verification,
    verify_at_desk,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b")
NEW_BATCH = "/admin/residents/batches/new/"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@exemple.fr", is_superuser=True, is_staff=True)


@pytest.fixture
def croix_rousse(db):
    return Neighbourhood.objects.create(name="Croix-Rousse", postcodes="69004")


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def new_batch_form(client):
    form = client.get(NEW_BATCH).context["form"]
    return {
        "postcode": "69003",
        "size": "12",
        "valid_days": "60",
        "delivery": "letters",
        "handover": form["handover"].value(),
    }


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response):
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def everything_kept():
    """The text of every table row, every session, every cache entry."""
    kept = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            kept.extend(str(row) for row in cursor.fetchall())
    kept.extend(str(session.get_decoded()) for session in Session.objects.all())
    for alias, config in settings.CACHES.items():
        cache = caches[alias]
        if config["BACKEND"].endswith("DatabaseCache"):
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT value FROM "{config["LOCATION"]}"')
                kept.extend(str(pickle.loads(base64.b64decode(v))) for (v,) in cursor.fetchall())
        elif config["BACKEND"].endswith("LocMemCache"):
            kept.extend(str(pickle.loads(value)) for value in cache._cache.values())
    return "\n".join(kept)


# Menu and permissions


def test_a_moderator_sees_residents_in_the_participation_menu(client, moderator):
    client.force_login(moderator)
    menu = client.get("/admin/").content.decode()
    assert "Participation" in menu
    for url in ["/admin/residents/", "/admin/residents/accounts/", "/admin/residents/batches/"]:
        assert url in menu
        assert client.get(url).status_code == 200
    # Places stay with those who hold their model permissions, as they did as snippets.
    assert "/admin/facility/" not in menu
    assert client.get("/admin/facility/").status_code == 302


def test_an_administrator_sees_places_in_the_same_group(client, superuser):
    client.force_login(superuser)
    menu = client.get("/admin/").content.decode()
    assert menu.count("Participation") >= 1
    assert "/admin/facility/" in menu and "/admin/neighbourhood/" in menu
    assert "/admin/snippets/consultations/" not in menu


def test_an_editor_sees_no_participation_menu_and_is_turned_away(client, editor):
    client.force_login(editor)
    assert "/admin/residents/" not in client.get("/admin/").content.decode()

    # Wagtail's own refusal in the admin: back to the dashboard with an error message.
    response = client.get("/admin/residents/", follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert [message.level for message in response.context["messages"]] == [messages.ERROR]
    assert client.get("/admin/residents/", **XHR).status_code == 403


STAFF_SCREENS = [
    "/admin/residents/",
    "/admin/residents/?export=csv",
    "/admin/residents/batches/",
    "/admin/residents/batches/?export=xlsx",
    NEW_BATCH,
    "/admin/residents/accounts/",
]


@pytest.mark.parametrize("url", STAFF_SCREENS)
def test_citizens_are_refused_every_staff_screen(client, citizen, url):
    client.force_login(citizen)
    response = client.get(url, follow=True)
    assert response.status_code == 403  # told the admin is for staff (home/views.py)
    assert "Administration réservée au personnel" in response.content.decode()
    assert client.get(url, **XHR).status_code == 403


@pytest.mark.parametrize("url", STAFF_SCREENS)
def test_staff_without_the_verify_permission_are_refused(client, editor, url):
    client.force_login(editor)
    assert client.get(url, **XHR).status_code == 403


def test_a_citizen_cannot_verify_revoke_or_generate(client, citizen, moderator):
    other = UserFactory()
    verified = verify_at_desk(UserFactory(), staff=moderator, postcode="69003")
    client.force_login(citizen)

    client.post(f"/admin/residents/accounts/{other.pk}/verify/", {"postcode": "69003"})
    client.post(f"/admin/residents/accounts/{verified.pk}/revoke/", {"reason": "Test"})
    client.post(NEW_BATCH, {"postcode": "69003", "size": "5", "valid_days": "30"})
    assert client.get(f"/admin/residents/accounts/{other.pk}/", **XHR).status_code == 403

    other.refresh_from_db()
    verified.refresh_from_db()
    assert not other.is_verified_resident
    assert verified.is_verified_resident
    assert not ResidentCodeBatch.objects.exists()


def test_an_editor_cannot_look_accounts_up(client, editor, citizen):
    client.force_login(editor)
    response = client.post("/admin/residents/accounts/", {"email": citizen.email}, **XHR)
    assert response.status_code == 403
    response = client.get(f"/admin/residents/accounts/{citizen.pk}/", **XHR)
    assert response.status_code == 403


# Letter codes: handed over once


def test_generation_answers_with_the_letters_and_the_csv_and_keeps_no_clear_code(
    client, moderator, caplog
):
    caplog.set_level(logging.DEBUG)
    client.force_login(moderator)

    response = client.post(NEW_BATCH, new_batch_form(client))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert '<html lang="fr">' in content
    codes = sorted(set(CODE.findall(content)))
    assert len(codes) == 12
    assert content.count('class="letter"') == 12
    assert "/accounts/profile/" in content
    data_url = unescape(re.search(r'href="(data:text/csv[^"]+)"', content).group(1))
    csv_text = base64.b64decode(data_url.split(",", 1)[1]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0] == ["territoire", "code", "date d'expiration"]
    assert sorted(row[1] for row in rows[1:]) == codes
    assert {row[0] for row in rows[1:]} == {"69003"}

    kept = everything_kept() + str(client.cookies) + caplog.text
    assert not [code for code in codes if code in kept or normalise_code(code) in kept]


def test_the_csv_delivery_answers_with_the_file_alone(client, moderator):
    client.force_login(moderator)
    data = {**new_batch_form(client), "delivery": "csv"}

    response = client.post(data=data, path=NEW_BATCH)

    batch = ResidentCodeBatch.objects.get()
    assert response["Content-Type"].startswith("text/csv")
    filename = f"codes-residents-{batch.pk}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    assert len(rows) == 13
    assert all(CODE.fullmatch(row[1]) for row in rows[1:])
    assert len({row[1] for row in rows[1:]}) == 12


def test_the_codes_cannot_be_had_a_second_time_and_the_pages_say_so(client, moderator):
    client.force_login(moderator)
    data = new_batch_form(client)
    first = client.post(NEW_BATCH, data)
    batch = ResidentCodeBatch.objects.get()

    again = client.post(NEW_BATCH, data)

    content = again.content.decode()
    assert again.status_code == 409
    assert "déjà été remis" in content
    assert not CODE.search(content)
    assert ResidentCodeBatch.objects.count() == 1

    detail = client.get(f"/admin/residents/batches/inspect/{batch.pk}/")
    assert detail.status_code == 200
    assert "ne peuvent pas être téléchargés à nouveau" in detail.content.decode()
    assert not CODE.search(detail.content.decode())
    assert CODE.search(first.content.decode())
    old_download = client.get(f"/admin/residents/batches/{batch.pk}/codes.csv", follow=True)
    assert old_download.status_code == 404


def test_a_forged_form_generates_nothing(client, moderator):
    client.force_login(moderator)
    data = {**new_batch_form(client), "handover": "forged"}
    response = client.post(NEW_BATCH, data)
    assert response.status_code == 200
    assert "handover" in response.context["form"].errors
    assert not ResidentCodeBatch.objects.exists()


def test_a_failed_generation_leaves_the_form_usable(client, moderator, monkeypatch):
    from django.core.exceptions import ValidationError

    from consultations.views import verification_admin

    def refuse(**kwargs):
        raise ValidationError("Base indisponible")

    client.force_login(moderator)
    data = new_batch_form(client)
    with monkeypatch.context() as patch:
        patch.setattr(verification_admin, "generate_code_batch", refuse)
        response = client.post(NEW_BATCH, data)
    assert response.status_code == 200
    assert "Base indisponible" in str(response.context["form"].non_field_errors())

    assert len(CODE.findall(client.post(NEW_BATCH, data).content.decode())) >= 12


def test_the_batch_form_refuses_more_than_5000_codes(client, moderator):
    client.force_login(moderator)
    response = client.post(NEW_BATCH, {**new_batch_form(client), "size": "5001"})
    assert response.status_code == 200
    assert "size" in response.context["form"].errors
    assert not ResidentCodeBatch.objects.exists()


def test_the_site_history_links_a_generated_batch_to_its_page(client, superuser):
    client.force_login(superuser)
    client.post(NEW_BATCH, new_batch_form(client))
    batch = ResidentCodeBatch.objects.get()

    report = client.get("/admin/reports/site-history/")

    assert report.status_code == 200
    assert f"/admin/residents/batches/inspect/{batch.pk}/" in report.content.decode()


# Desk checks


def test_desk_check_and_revocation_through_the_admin(client, moderator, citizen):
    client.force_login(moderator)

    response = client.post("/admin/residents/accounts/", {"email": "CAMILLE.MARTIN@exemple.fr"})
    assert response["Location"] == f"/admin/residents/accounts/{citizen.pk}/"
    assert client.get(response["Location"]).status_code == 200

    response = client.post(
        f"/admin/residents/accounts/{citizen.pk}/verify/",
        {"postcode": "69003", "note": "quittance"},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.is_verified_resident and citizen.resident_verified_by == moderator

    response = client.post(f"/admin/residents/accounts/{citizen.pk}/revoke/", {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["revoke_form"].errors

    response = client.post(
        f"/admin/residents/accounts/{citizen.pk}/revoke/", {"reason": "Justificatif falsifié"}
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert not citizen.is_verified_resident
    page = client.get(f"/admin/residents/accounts/{citizen.pk}/").content.decode()
    assert "Justificatif falsifié" in page and "quittance" in page

    report = client.get("/admin/reports/site-history/")
    assert [entry.action for entry in report.context["object_list"]] == [
        "consultations.resident_revoked",
        "consultations.resident_verified",
    ]


def test_an_unknown_email_is_explained(client, moderator):
    client.force_login(moderator)
    response = client.post("/admin/residents/accounts/", {"email": "personne@exemple.fr"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_the_audit_trail_lists_events_and_links_to_the_account(client, moderator, citizen):
    verify_at_desk(citizen, staff=moderator, postcode="69003", note="facture EDF")
    client.force_login(moderator)

    page = client.get("/admin/residents/").content.decode()

    assert citizen.public_name in page
    assert f"/admin/residents/accounts/{citizen.pk}/" in page
    assert "facture EDF" not in page
    assert citizen.email not in page


# Exports


def test_the_audit_trail_exports_what_the_screen_shows_and_no_more(client, moderator, citizen):
    citizen.display_name = '=HYPERLINK("http://evil.example","Camille")'
    citizen.save()
    verify_at_desk(citizen, staff=moderator, postcode="69003", note="facture EDF")
    revoke_verification(citizen, staff=moderator, reason="Déménagé à Villeurbanne")
    client.force_login(in_english(moderator))

    csv_response = client.get("/admin/residents/?export=csv")
    xlsx_response = client.get("/admin/residents/?export=xlsx")

    header = ["Date", "Account", "Action", "Method", "Area", "Done by"]
    rows = csv_rows(csv_response)
    assert rows[0] == header
    desk = "Checked in person at a desk"
    name = "'" + citizen.display_name
    assert [row[1:] for row in rows[1:]] == [
        [name, "Revoked", desk, "69003", moderator.public_name],
        [name, "Verified", desk, "69003", moderator.public_name],
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", rows[1][0])
    sheet = xlsx_rows(xlsx_response)
    assert list(sheet[0]) == header
    assert sheet[1][1] == citizen.display_name and sheet[1][2] == "Revoked"
    for response in (csv_response, xlsx_response):
        assert response.status_code == 200
    for text in (body(csv_response).decode("utf-8-sig"), str(sheet)):
        assert citizen.email not in text and moderator.email not in text
        assert "facture EDF" not in text and "Villeurbanne" not in text


def test_batches_export_their_figures_and_never_a_code(client, moderator, croix_rousse):
    batch, codes = generate_code_batch(
        created_by=moderator, neighbourhood=croix_rousse, size=3, valid_days=30, note="Mailing mars"
    )
    client.force_login(in_english(moderator))

    rows = csv_rows(client.get("/admin/residents/batches/?export=csv"))
    sheet = xlsx_rows(client.get("/admin/residents/batches/?export=xlsx"))

    header = ["Area", "Codes", "Used", "Created on", "Created by", "Valid until", "Note"]
    assert rows[0] == header and list(sheet[0]) == header
    assert rows[1][:3] == ["Croix-Rousse", "3", "0"]
    assert rows[1][4:] == [moderator.public_name, rows[1][5], "Mailing mars"]
    assert list(sheet[1][:3]) == ["Croix-Rousse", 3, 0]
    exported = str(rows) + str(sheet)
    assert not [code for code in codes if code in exported or normalise_code(code) in exported]


def test_neighbourhoods_and_facilities_export_csv_and_xlsx(client, superuser, croix_rousse):
    Facility.objects.create(
        name="Piscine du Rhône", address="8 quai Claude-Bernard", neighbourhood=croix_rousse
    )
    client.force_login(in_english(superuser))

    assert csv_rows(client.get("/admin/neighbourhood/?export=csv")) == [
        ["Name", "Postcodes"],
        ["Croix-Rousse", "69004"],
    ]
    assert xlsx_rows(client.get("/admin/neighbourhood/?export=xlsx")) == [
        ["Name", "Postcodes"],
        ["Croix-Rousse", "69004"],
    ]
    expected = [
        ["Name", "Neighbourhood", "Address"],
        ["Piscine du Rhône", "Croix-Rousse", "8 quai Claude-Bernard"],
    ]
    assert csv_rows(client.get("/admin/facility/?export=csv")) == expected
    assert xlsx_rows(client.get("/admin/facility/?export=xlsx")) == expected


def test_an_administrator_edits_places_in_the_participation_admin(client, superuser, croix_rousse):
    client.force_login(superuser)
    response = client.post(
        "/admin/facility/new/",
        {
            "name": "Patinoire Charlemagne",
            "address": "100 cours Charlemagne",
            "neighbourhood": croix_rousse.pk,
        },
    )
    assert response.status_code == 302
    facility = Facility.objects.get()
    assert facility.neighbourhood == croix_rousse
    assert client.get(f"/admin/facility/edit/{facility.pk}/").status_code == 200
    assert "Patinoire Charlemagne" in client.get("/admin/facility/").content.decode()
