"""French typography: « 1er février », « commentaire d’Inès », a document's type shown once."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from wagtail.documents.models import Document

from consultations.services.comments import post_comment
from consultations.templatetags.participation_tags import document_label
from consultations.typography import date_format, with_elision
from tests.factories import UserFactory

FIRST = datetime.datetime(2027, 2, 1, 10, 30)
SECOND = datetime.date(2027, 2, 2)


def rendered(source, language, **context):
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "source", "shown"),
    [
        ("fr", '{{ d|date:"j F Y" }}', "1er février 2027"),
        ("fr", '{{ d|date:"l j F Y, H:i" }}', "lundi 1er février 2027, 10:30"),
        ("fr", '{{ d|date:"DATE_FORMAT" }}', "1er février 2027"),
        ("fr", '{{ d|date:"DATETIME_FORMAT" }}', "1er février 2027 10:30"),
        ("fr", '{{ other|date:"j F Y" }}', "2 février 2027"),
        ("fr", '{{ d|date:"c" }}', "2027-02-01T10:30:00"),
        ("fr", '{{ d|date:"d/m/Y" }}', "01/02/2027"),
        ("en", '{{ d|date:"j F Y" }}', "1 February 2027"),
    ],
)
def test_the_first_of_the_month_is_an_ordinal_in_french_only(language, source, shown):
    assert rendered(source, language, d=FIRST, other=SECOND) == shown


def test_dates_formatted_in_python_follow_the_same_rule():
    with translation.override("fr"):
        assert date_format(FIRST.date(), "j F") == "1er février"
    with translation.override("en"):
        assert date_format(FIRST.date(), "j F") == "1 February"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Inès", "commentaire d’Inès"),
        ("Émile", "commentaire d’Émile"),
        ("Ulysse", "commentaire d’Ulysse"),
        ("Bruno", "commentaire de Bruno"),
        ("Hugo", "commentaire de Hugo"),
        ("Participant #12", "commentaire de Participant #12"),
    ],
)
def test_de_is_elided_before_a_name_starting_with_a_vowel(name, shown):
    with translation.override("fr"):
        assert with_elision("commentaire de %(author)s", author=name) == shown


def test_le_and_que_are_elided_too_and_english_is_left_alone():
    with translation.override("fr"):
        assert with_elision("Le %(a)s et que %(b)s", a="Orient", b="Anne") == "L’Orient et qu’Anne"
    with translation.override("en"):
        assert with_elision("le %(a)s", a="Orient") == "le Orient"


@pytest.mark.django_db
def test_a_comment_by_ines_reads_d_ines(client, open_consultation, citizen):
    ines = UserFactory(display_name="Inès")
    post_comment(open_consultation, author=ines, body="Un avis.")
    client.force_login(citizen)
    html = client.get(open_consultation.url).content.decode()
    assert "commentaire d’Inès" in html
    assert "de Inès" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Bilan de fréquentation 2026 (PDF)", "Bilan de fréquentation 2026 (PDF)"),
        ("Bilan de fréquentation 2026 (pdf)", "Bilan de fréquentation 2026 (pdf)"),
        ("Bilan de fréquentation 2026", "Bilan de fréquentation 2026 (PDF)"),
        ("Le PDF du bilan", "Le PDF du bilan (PDF)"),
    ],
)
def test_a_document_names_its_type_once(title, shown):
    document = Document(title=title, file="documents/bilan.pdf")
    assert document_label(document) == shown
