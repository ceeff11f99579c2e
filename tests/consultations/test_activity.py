"""What keeps kept contributions exact: the rules the code relies on, checked rather than hoped."""

import datetime
import re
from pathlib import Path

import pytest
from django.db import models
from django.utils import timezone

from consultations import activity
from consultations.models import User
from consultations.services.accounts import update_profile
from freshness.models import Version

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "consultations" / "includes"


def changed_value(field):
    if isinstance(field, models.DateTimeField):
        return timezone.now() - datetime.timedelta(days=3)
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.CharField | models.TextField):
        return "Valeur-changée"
    return None


def test_every_field_public_names_are_made_of_bumps_people_when_saved(citizen):
    """A field public_name reads must be in PUBLIC_NAME_FIELDS, or renaming would leave every
    kept thread and card with the old name."""
    for field in User._meta.concrete_fields:
        value = changed_value(field)
        if value is None or field.primary_key or field.unique:
            continue
        user = User.objects.get(pk=citizen.pk)
        user.display_name = ""
        before = user.public_name
        setattr(user, field.attname, value)
        if user.public_name != before:
            assert field.name in activity.PUBLIC_NAME_FIELDS, field.name


def test_a_new_display_name_bumps_people_and_nothing_else_does(citizen):
    from consultations.forms import ProfileForm

    def people():
        return Version.objects.filter(key=activity.PEOPLE).values_list("value", flat=True).first() or 0

    form = ProfileForm({"display_name": "Camille la nageuse", "postcode": "69003"}, instance=citizen)
    assert form.is_valid(), form.errors
    update_profile(citizen, form=form)
    assert people() == 1
    form = ProfileForm({"display_name": "Camille la nageuse", "postcode": "69007"}, instance=citizen)
    assert form.is_valid(), form.errors
    update_profile(citizen, form=form)
    assert people() == 1


def test_templates_drawn_inside_kept_threads_know_the_reader_only_as_viewer():
    """Threads are drawn once for many readers, without a request: `user` or `request` there
    would be empty, and a reader's own buttons would go missing or wrong."""
    for name in ("comment_threads.html", "comment.html", "comment_form_fields.html", "proposal_card.html"):
        source = (TEMPLATES / name).read_text()
        code = re.sub(r"{#.*?#}", "", source)
        assert not re.search(r"[{%][^}]*\b(user|request)\b", code), name
