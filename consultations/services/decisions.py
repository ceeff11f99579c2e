"""The board's decisions, read back from the officials' « Décisions » sheet, and the participants
told what became of what they took part in.

Rules enforced here:
- a file is checked whole before anything changes: its consultation, every row's item (a local
  project or a published proposal of that consultation, named by the id and title exported), each
  value; every error is reported with its cell, and nothing is applied unless there is none;
- a row whose decision is blank changes nothing (an earlier decision stays); budget, date,
  rationale and department need a decision; a decision needs its board meeting date, not one to
  come; a budget goes with an adopted item only;
- applying shows what will change first (plan), then changes it in one transaction (apply);
  applying the same file again changes nothing, logs nothing and tells nobody;
- everyone who followed, supported, commented or voted in the consultation is told once, in one
  email, what was decided about what they took part in, under the "decisions" preference.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log
from wagtail.models import Page

from .. import activity, decision_sheet, permissions
from ..models import (
    BallotChoice,
    BoardDecision,
    Comment,
    ConsultationPage,
    DecisionNotice,
    Follow,
    LocalProjectPage,
    Proposal,
    Support,
    User,
)
from ..decision_reads import decision_items
from . import notifications

LOG_DECISIONS = "consultations.decisions"
FIELDS = ("outcome", "budget_granted", "meeting_date", "rationale", "department")
PLAN_SALT = "consultations.decisions.plan"
PLAN_MAX_AGE = 3600


@dataclass
class Change:
    item: object  # decision_reads.DecisionItem
    values: dict  # FIELDS -> new value
    before: object = None  # the BoardDecision it replaces, if any

    @property
    def is_new(self):
        return self.before is None

    @property
    def outcome_label(self):
        return BoardDecision.Outcome(self.values["outcome"]).label


@dataclass
class Plan:
    consultation: object
    changes: list = field(default_factory=list)
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors


def plan(consultation, uploaded):
    """Read an uploaded workbook and say what applying it would change (Plan.errors if anything
    is wrong with it)."""
    reading = decision_sheet.read(uploaded)
    result = Plan(consultation)
    result.errors = list(reading.errors)
    if reading.consultation_id is None:
        return result
    if reading.consultation_id != consultation.pk:
        other = ConsultationPage.objects.filter(pk=reading.consultation_id).first()
        result.errors = [
            _("%(cell)s: this file is the sheet of another consultation (“%(other)s”), not of “%(this)s”.")
            % {
                "cell": f"{decision_sheet.SHEET}!B1",
                "other": other.title if other else reading.consultation_id,
                "this": consultation.title,
            }
        ]
        return result
    return _check(consultation, reading.rows, result)


def _left_as_proposed(row, item):
    """A funded project's row as the sheet proposed it (« Adopté », its cost, nothing else): the
    board has not decided it yet, so it changes nothing (decision_reads.DecisionItem.proposed_budget)."""
    return (
        item.decision is None and item.proposed_budget is not None
        and row.outcome == BoardDecision.Outcome.ADOPTED and row.budget == item.proposed_budget
        and row.meeting_date is None and not row.rationale and not row.department
    )


def _check(consultation, rows, result):
    items = {(item.kind, item.pk): item for item in decision_items(consultation)}
    seen = {}
    adopted = set(BoardDecision.ADOPTED)
    today = timezone.localdate()
    for row in rows:
        def error(header, message, row=row):
            result.errors.append(f"{row.cell(header)}\u00a0: {message}")

        if not row.kind or row.pk is None:
            continue  # already reported by the reading
        item = items.get((row.kind, row.pk))
        if item is None:
            error("Identifiant", _("no %(kind)s of this consultation has the identifier %(id)s.")
                  % {"kind": decision_sheet.KIND_LABELS[row.kind], "id": row.pk})
            continue
        if row.title != item.title.strip():
            error("Titre", _("the title does not match the one of %(kind)s %(id)s (“%(title)s”): the "
                             "identifiers and titles must stay as exported.")
                  % {"kind": decision_sheet.KIND_LABELS[row.kind], "id": row.pk, "title": item.title})
            continue
        if (row.kind, row.pk) in seen:
            error("Identifiant", _("this item already appears on row %(row)s.") % {"row": seen[row.kind, row.pk]})
            continue
        seen[row.kind, row.pk] = row.number
        if row.invalid:
            continue
        if not row.outcome:
            if any((row.budget, row.meeting_date, row.rationale, row.department)):
                error("Décision", _("choose a decision: the other columns of the row are filled in."))
            continue
        if _left_as_proposed(row, item):
            continue
        if row.meeting_date is None:
            error("Date du conseil", _("the date of the board meeting that decided is missing."))
        elif row.meeting_date and row.meeting_date > today:
            error("Date du conseil", _("this date is to come: a decision is recorded once the board has taken it."))
        if row.budget is not None and row.outcome not in adopted:
            error("Budget accordé (€)", _("a budget is granted to adopted items only."))
        if row.meeting_date is None:
            continue
        values = {
            "outcome": row.outcome, "budget_granted": row.budget, "meeting_date": row.meeting_date,
            "rationale": row.rationale, "department": row.department,
        }
        before = item.decision
        if before is not None and all(getattr(before, name) == values[name] for name in FIELDS):
            result.unchanged += 1
            continue
        result.changes.append(Change(item, values, before))
    if result.errors:
        result.changes = []
    return result


def signed_plan(plan_, user):
    """The checked rows, signed: the confirmation form carries them back to apply()."""
    rows = [
        [change.item.kind, change.item.pk, change.item.title, change.values["outcome"],
         str(change.values["budget_granted"]) if change.values["budget_granted"] is not None else None,
         change.values["meeting_date"].isoformat(), change.values["rationale"], change.values["department"]]
        for change in plan_.changes
    ]
    return signing.dumps(
        {"consultation": plan_.consultation.pk, "user": user.pk, "rows": rows}, salt=PLAN_SALT, compress=True
    )


def read_signed_plan(consultation, token, user):
    """The rows of a signed plan, checked again against the consultation as it is now."""
    try:
        payload = signing.loads(token, salt=PLAN_SALT, max_age=PLAN_MAX_AGE)
    except signing.BadSignature:
        return None
    if payload.get("consultation") != consultation.pk or payload.get("user") != user.pk:
        return None
    rows = []
    for number, (kind, pk, title, outcome, budget, date, rationale, department) in enumerate(
        payload["rows"], start=decision_sheet.FIRST_ROW
    ):
        rows.append(decision_sheet.Row(
            number=number, kind=kind, pk=pk, title=title, outcome=outcome,
            budget=Decimal(budget) if budget is not None else None,
            meeting_date=datetime.date.fromisoformat(date), rationale=rationale, department=department,
        ))
    return _check(consultation, rows, Plan(consultation))


def apply(plan_, *, by, notify=True):
    """Record the plan's decisions in one transaction; returns how many changed. With `notify`,
    participants not yet told are emailed once the transaction has committed. `by` is None for
    the command line, run by whoever operates the server."""
    consultation = plan_.consultation
    if by is not None and not permissions.can_record_decisions(by, consultation):
        raise PermissionDenied
    if not plan_.is_valid:
        raise ValueError("An invalid plan is never applied.")
    created = changed = 0
    with transaction.atomic():
        for change in plan_.changes:
            target = {change.item.kind: change.item.pk}
            decision = BoardDecision.objects.select_for_update().filter(**{f"{change.item.kind}_id": change.item.pk}).first()
            if decision is None:
                decision = BoardDecision(consultation=consultation, **{f"{k}_id": v for k, v in target.items()})
                created += 1
            elif all(getattr(decision, name) == change.values[name] for name in FIELDS):
                continue  # another upload recorded the same in the meantime
            else:
                changed += 1
            for name, value in change.values.items():
                setattr(decision, name, value)
            decision.recorded_by = by
            decision.full_clean(exclude=["consultation", "local_project", "proposal"])
            decision.save()
        if created or changed:
            log(consultation, LOG_DECISIONS, user=by, data={"created": created, "changed": changed})
            activity.touch(consultation.pk)
            if notify:
                consultation_id = consultation.pk
                transaction.on_commit(lambda: send_decision_notices.enqueue(consultation_id), robust=True)
    return created + changed


# Telling participants


def participants(consultation):
    """Everyone who followed, supported, commented or voted in the consultation."""
    projects = LocalProjectPage.objects.child_of(consultation).values("pk")
    return User.objects.filter(
        Q(pk__in=Follow.objects.filter(
            Q(consultation=consultation) | Q(proposal__consultation=consultation)).values("user_id"))
        | Q(pk__in=Support.objects.filter(proposal__consultation=consultation).values("user_id"))
        | Q(pk__in=Comment.objects.filter(
            Q(consultation=consultation) | Q(proposal__consultation=consultation)
            | Q(local_project__in=projects)).values("author_id"))
        | Q(pk__in=BallotChoice.objects.filter(ballot__consultation=consultation).values("ballot__voter_id"))
        | Q(pk__in=Proposal.objects.for_consultation(consultation).values("author_id"))
    )


@task()
def send_decision_notices(consultation_id):
    """One email per participant not yet told; returns how many were sent."""
    consultation = ConsultationPage.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    consultation = consultation.specific
    decided = list(
        BoardDecision.objects.for_consultation(consultation).select_related("local_project", "proposal")
    )
    if not decided:
        return 0
    with transaction.atomic():
        # Two runs at once (two uploads in a row) tell each participant once: the second waits here.
        Page.objects.select_for_update().filter(pk=consultation.pk).first()
        return _tell(consultation, decided)


def _tell(consultation, decided):
    told = DecisionNotice.objects.filter(consultation=consultation).values("user_id")
    recipients = list(
        notifications._recipients(participants(consultation).exclude(pk__in=told), "decisions").order_by("pk")
    )
    if not recipients:
        return 0
    concerned = _concerned(consultation)
    base_url = notifications._base_url(consultation)
    url = notifications._absolute(base_url, (consultation.get_url() or "/") + "#decisions")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("“%(title)s”: here is what was decided") % {"title": consultation.title}
        for user in recipients:
            mine = [decision for decision in decided if _key(decision) in concerned.get(user.pk, ())]
            context = {
                "consultation": consultation, "url": url, "mine": [
                    (decision, notifications._absolute(base_url, _item_url(decision)))
                    for decision in mine
                ],
                "others": len(decided) - len(mine),
            }
            messages.append(notifications._message(
                user, kind="decisions", base_url=base_url, subject=subject,
                template="consultations/email/notification_decisions.txt", context=context,
            ))
    DecisionNotice.objects.bulk_create(
        [DecisionNotice(consultation=consultation, user=user) for user in recipients]
    )
    notifications._send_on_commit(messages)
    return len(messages)


def _key(decision):
    return ("local_project", decision.local_project_id) if decision.local_project_id else ("proposal", decision.proposal_id)


def _item_url(decision):
    if decision.local_project_id:
        return decision.local_project.get_url() or "/"
    return decision.proposal.get_absolute_url()


def _concerned(consultation):
    """{user id: {(kind, id)}} of the items each participant took part in, in six queries."""
    concerned = {}

    def add(pairs, kind):
        for user_id, item_id in pairs:
            concerned.setdefault(user_id, set()).add((kind, item_id))

    proposals = Proposal.objects.for_consultation(consultation)
    add(Follow.objects.filter(proposal__in=proposals)
        .values_list("user_id", "proposal_id"), "proposal")
    add(Support.objects.filter(proposal__in=proposals)
        .values_list("user_id", "proposal_id"), "proposal")
    add(proposals.values_list("author_id", "pk"), "proposal")
    add(Comment.objects.filter(proposal__in=proposals)
        .values_list("author_id", "proposal_id"), "proposal")
    add(Comment.objects.filter(local_project__isnull=False,
                               local_project__in=LocalProjectPage.objects.child_of(consultation))
        .values_list("author_id", "local_project_id"), "local_project")
    add(BallotChoice.objects.filter(ballot__consultation=consultation)
        .values_list("ballot__voter_id", "project_id"), "local_project")
    return concerned
