"""The demo's moderation: a moderators' group per site, and what moderation.yaml tells happened,
through the portal's own services (reports, decisions, appeals, a suspension, official answers), so that the queue, each
item's history, the log entries and the dashboard's figures are the portal's own.

The contributions themselves are written directly, like the generated volume (seed_demo's
docstring says why), dated a few hours before the decisions taken on them. Seeded once: a database
where moderators already acted is left alone.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import ModelLogEntry

from consultations import activity, permissions, roles
from consultations.models import Comment, ConsultationPage, Follow, Proposal, Report, Sanction, User
from consultations.services import answers, appeals, moderation, sanctions

from .accounts import EMAIL_DOMAIN, citizen_index
from .data import load
from .pages import SITES
from .teams import site_group


def moderators_group_name(spec):
    return f"{roles.MODERATORS} – {spec['identity']['organisation_name']}"


def seed_site_moderators(sites, created):
    """One moderators' group per site: the permissions of "Modération", and publication of that
    site's pages only, which is what moderation_scope reads (permissions.moderation_scope)."""
    for spec in SITES:
        if site_group(moderators_group_name(spec), roles.MODERATORS, sites[spec["key"]], ["publish_page"]):
            created["moderator_teams"] += 1


def seed_moderation(consultations, staff, created):
    """moderation.yaml's cases and sanctions. Returns the consultations it wrote in."""
    if Report.objects.exists() or ModelLogEntry.objects.filter(action__startswith="consultations.moderation").exists():
        return set()
    data = load("moderation")
    citizens = _citizens()
    pages = {spec["key"]: page for spec, page in consultations}
    now = timezone.now()
    touched = set()
    for number, case in enumerate(data["cases"]):
        page = pages.get(case["consultation"])
        author = _eligible(citizens, case["author"], page)
        reporters = [_eligible(citizens, report["by"], None) for report in case.get("reports", [])]
        if page is None or author is None or None in reporters:
            continue
        item = _contribution(case, page, author, posted=now - timedelta(hours=3 + 5 * number))
        posted = item.created_at
        for count, (report, reporter) in enumerate(zip(case.get("reports", []), reporters, strict=True), 1):
            made = moderation.report(item, reporter=reporter, reason=report["reason"], text=report.get("text", ""))
            # Reported within the hours after posting, not in the instant the demo is seeded.
            reported_at = posted + timedelta(minutes=40 * count)
            Report.objects.filter(pk=made.pk).update(created_at=reported_at)
            type(item).objects.filter(pk=item.pk).update(reported_at=reported_at)
        if decision := case.get("decision"):
            moderation.decide(
                item,
                decision["decide"],
                moderator=staff[decision["by"]],
                reason=decision.get("reason"),
                note=decision.get("note", ""),
            )
        item.refresh_from_db()
        if text := case.get("contest"):
            appeals.contest(item, author=author, text=text)
        if new := case.get("resubmit"):
            appeals.resubmit(item, author=author, body=new["body"], title=new.get("title"))
        created["moderation_cases"] += 1
        touched.add(page.pk)
    for spec in data.get("sanctions", []):
        citizen = citizens.get(spec["citizen"])
        if citizen is None:
            continue
        sanctions.sanction_account(
            citizen,
            moderator=staff[spec["by"]],
            kind=spec["kind"],
            reason=spec["reason"],
            note=spec.get("note", ""),
            until=now + timedelta(days=spec["days"]) if spec.get("days") else None,
        )
        created["sanctions"] += 1
    for spec in data.get("answers", []):
        proposal = Proposal.objects.filter(title=spec["title"], status=Proposal.Status.PUBLISHED).first()
        if proposal is None:
            continue
        answers.answer(proposal, by=staff[spec["by"]], status=spec["status"], text=spec["text"])
        created["answers"] += 1
        touched.add(proposal.consultation_id)
    return touched


def _citizens():
    found = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    return {index: user for user in found if (index := citizen_index(user.email)) is not None}


def _eligible(citizens, number, page):
    """Citizen `number`, or the next one (then the first ones) who may take part in `page` and is
    not sanctioned."""
    for index in sorted(citizens, key=lambda n: (n < number, n)):
        citizen = citizens[index]
        if page is None or permissions.can_take_part(citizen, page):
            if not Sanction.objects.keeping_out(citizen).exists():
                return citizen
    return None


def _contribution(case, page, author, *, posted):
    waits = page.moderation == ConsultationPage.Moderation.PRE
    if case["kind"] == "proposal":
        item = Proposal.objects.create(
            consultation=page,
            author=author,
            title=case["title"],
            body=case["body"],
            status=Proposal.Status.PENDING if waits else Proposal.Status.PUBLISHED,
            published_at=None if waits else posted,
        )
        Follow.objects.get_or_create(user=author, proposal=item)
        Proposal.objects.filter(pk=item.pk).update(created_at=posted)
    else:
        item = Comment.objects.create(
            consultation=page,
            author=author,
            body=case["body"],
            stance=case.get("stance", Comment.Stance.NEUTRAL),
            status=Comment.Status.PENDING if waits else Comment.Status.PUBLISHED,
        )
        Comment.objects.filter(pk=item.pk).update(created_at=posted)
    activity.touch(page.pk)
    item.refresh_from_db()
    return item
