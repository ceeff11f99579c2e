"""Demo accounts, one per role, and the generated citizens of --scale (accounts.yaml).

The role accounts are few and go through the services a real desk uses. Generated citizens are
many: they are written in bulk, with what sign-up and verification would have stored for each
(a verified primary address, the consent to the terms dated at sign-up, the verification event of
every verified resident), under one shared password hash.
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from consultations.models import Consent, ResidentVerificationEvent, User
from consultations.services.accounts import TERMS_VERSION
from consultations.services.verification import verify_at_desk

from . import data

BATCH_SIZE = 500

_ACCOUNTS = data.load("accounts")
EMAIL_DOMAIN = _ACCOUNTS["email_domain"]
LOGIN_URL = _ACCOUNTS["login_url"]
ADMIN_URL = _ACCOUNTS["admin_url"]
RESIDENT_VERIFIER = _ACCOUNTS["resident_verifier"]
# Generated citizens share one password so that any of them can be tried from the admin's list.
CITIZEN_PASSWORD = _ACCOUNTS["citizens"]["password"]
CITIZENS_PER_SCALE = _ACCOUNTS["citizens"]["per_scale"]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    first_name: str
    last_name: str
    display_name: str
    groups: tuple = ()
    is_superuser: bool = False
    verified_resident: bool = False
    postcode: str = ""
    neighbourhood: str = ""

    @property
    def reaches_admin(self):
        return self.is_superuser or bool(self.groups)


DEMO_ACCOUNTS = [
    DemoAccount(**{**row, "groups": tuple(row.get("groups", ()))})
    for row in _ACCOUNTS["accounts"]
]


def seed_accounts(created):
    """One account per role, with the documented password and a verified address, by email."""
    group_names = {name for account in DEMO_ACCOUNTS for name in account.groups}
    groups = {group.name: group for group in Group.objects.filter(name__in=group_names)}
    if missing := group_names - groups.keys():
        raise CommandError(
            f"Groupes introuvables : {', '.join(sorted(missing))}. "
            "Lancez d'abord « manage.py migrate »."
        )
    accounts = {}
    for spec in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=spec.email).first()
        if user is None:
            user = _create_account(spec, verifier=accounts.get(RESIDENT_VERIFIER))
            created["accounts"] += 1
        user.groups.add(*(groups[name] for name in spec.groups))
        EmailAddress.objects.get_or_create(
            user=user, email=spec.email, defaults={"primary": True, "verified": True}
        )
        accounts[spec.email] = user
    return accounts


def _create_account(spec, *, verifier):
    user = User(
        email=spec.email,
        first_name=spec.first_name,
        last_name=spec.last_name,
        display_name=spec.display_name,
        postcode=spec.postcode,
        neighbourhood=spec.neighbourhood,
        is_staff=spec.is_superuser,
        is_superuser=spec.is_superuser,
    )
    user.set_password(spec.password)
    user.full_clean()
    user.save()
    Consent.objects.create(user=user, kind=Consent.Kind.TERMS, document_version=TERMS_VERSION)
    if spec.verified_resident:
        # Through the service, as at a real desk: the Residents screen and the account's history
        # show who checked it.
        verify_at_desk(
            user,
            staff=verifier,
            postcode=spec.postcode,
            neighbourhood=spec.neighbourhood,
            note=_ACCOUNTS["desk_note"],
        )
    return user


def seed_citizens(scale, *, verified_by, created, progress):
    """CITIZENS_PER_SCALE × scale residents and visitors, citizen N always the same person."""
    wanted = CITIZENS_PER_SCALE * scale
    present = set(
        User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list("email", flat=True)
    )
    now = timezone.now()
    missing = [
        citizen
        for citizen in (generated_citizen(index, now) for index in range(1, wanted + 1))
        if citizen.email not in present
    ]
    done = wanted - len(missing)
    if not missing:
        progress(f"Citoyens : {done}/{wanted} (déjà présents)")
        return
    # One hash for everybody: hashing thousands of passwords would take minutes.
    password = make_password(CITIZEN_PASSWORD)
    for start in range(0, len(missing), BATCH_SIZE):
        batch = missing[start : start + BATCH_SIZE]
        for citizen in batch:
            citizen.password = password
            if citizen.is_verified_resident:
                citizen.resident_verified_by = verified_by
            # The fields' own rules; the foreign key is the verifier read just before.
            citizen.clean_fields(exclude=["password", "resident_verified_by"])
        _insert_citizens(batch, verified_by)
        done += len(batch)
        created["citizens"] += len(batch)
        progress(f"Citoyens : {done}/{wanted}")


def _insert_citizens(batch, verified_by):
    User.objects.bulk_create(batch)
    # Not every backend returns primary keys from bulk_create: read them back.
    ids = dict(
        User.objects.filter(email__in=[citizen.email for citizen in batch]).values_list(
            "email", "pk"
        )
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user_id=pk, email=email, primary=True, verified=True)
        for email, pk in ids.items()
    )
    Consent.objects.bulk_create(
        Consent(user_id=pk, kind=Consent.Kind.TERMS, document_version=TERMS_VERSION)
        for pk in ids.values()
    )
    # The audit trail the verification services would have written.
    ResidentVerificationEvent.objects.bulk_create(
        ResidentVerificationEvent(
            user_id=ids[citizen.email],
            action=ResidentVerificationEvent.Action.VERIFIED,
            method=citizen.resident_verification_method,
            # Staff at a desk; with a letter code, the resident themselves.
            actor_id=verified_by.pk
            if citizen.resident_verification_method == User.VerificationMethod.DESK
            else ids[citizen.email],
            at=citizen.resident_verified_at,
            area=citizen.neighbourhood or citizen.postcode,
        )
        for citizen in batch
        if citizen.is_verified_resident
    )
    # given_at is auto_now_add: date each consent back to its sign-up.
    Consent.objects.filter(user_id__in=ids.values()).update(
        given_at=Subquery(User.objects.filter(pk=OuterRef("user_id")).values("date_joined")[:1])
    )


def generated_citizen(index, now):
    """Citizen number `index`, drawn from its own seed so it does not depend on --scale."""
    people = _ACCOUNTS["citizens"]
    rng = random.Random(f"seed_demo citizen {index}")
    first_name = rng.choice(people["first_names"])
    last_name = rng.choice(people["last_names"])
    joined = now - timedelta(days=rng.randint(1, 540), minutes=rng.randint(0, 24 * 60))
    citizen = User(
        email=f"{_email_part(first_name)}.{_email_part(last_name)}.{index}@{EMAIL_DOMAIN}",
        first_name=first_name,
        last_name=last_name,
        display_name=f"{first_name} {last_name[0]}.",
        date_joined=joined,
    )
    if rng.random() < 0.5:
        district = rng.choice(people["districts"])
        citizen.postcode, citizen.neighbourhood = district["postcode"], district["neighbourhood"]
        citizen.is_verified_resident = True
        citizen.resident_verified_at = joined + (now - joined) * rng.random()
        citizen.resident_verification_method = rng.choice(
            [User.VerificationMethod.DESK, User.VerificationMethod.LETTER_CODE]
        )
    elif rng.random() < 0.5:
        district = rng.choice(people["districts"])
        citizen.postcode, citizen.neighbourhood = district["postcode"], district["neighbourhood"]
    return citizen


def citizen_index(email):
    """N for prenom.nom.N@<demo domain>, None for any other address."""
    local, _at, domain = email.rpartition("@")
    number = local.rpartition(".")[2]
    return int(number) if domain == EMAIL_DOMAIN and number.isdigit() else None


def _email_part(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(ascii_name.lower().replace("'", " ").split())


def accounts_table():
    """The accounts as a Markdown table, aligned so that it also reads well in a terminal."""
    rows = [("Rôle", "Adresse électronique", "Mot de passe", "Accès")]
    for account in DEMO_ACCOUNTS:
        access = "portail + administration" if account.reaches_admin else "portail"
        rows.append((account.role, account.email, account.password, access))
    rows.append(
        (
            f"Citoyens générés ({CITIZENS_PER_SCALE} × --scale)",
            f"prenom.nom.N@{EMAIL_DOMAIN}",
            CITIZEN_PASSWORD,
            "portail",
        )
    )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [
        "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)
