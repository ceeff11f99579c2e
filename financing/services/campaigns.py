"""A citizen's campaign from its proposal to its end: proposed as a draft, submitted to the site's
moderation workflow, changed when the moderators ask for it, and closed once delivered or repaid.

Rules:
- who may propose, edit or close a campaign: financing/permissions.py (signed in, not suspended;
  the holder only; a draft or a campaign whose changes were requested, never one in review or
  that was published);
- a proposed campaign is an unpublished CampaignPage under the site's « Financement participatif »
  page, held by its proposer, with a revision; it is published only by the moderators' approval
  of Wagtail's workflow (services/review.py tells the holder);
- its goal is at least 1 €, its deadline in the future and at most MAX_DAYS away; a rewards
  campaign offers at least one reward, only a rewards campaign has rewards; a loan's schedule
  adds up to 100 % (CampaignPage.clean_loan_schedule); the page's own rules (CampaignPage.clean:
  keep what is raised for donations only, a licensed platform's offer for business financing);
- submissions (a new campaign, each sending to review) count in the account's posting limit;
- closing (rewards delivered, loans repaid) sets the tally's `fulfilled_at` once, after success
  and, for a loan, once a repayment is recorded for every instalment of every loan.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile
from wagtail.rich_text import RichText

from consultations import ratelimits

from .. import permissions
from ..holder_reads import instalments_left, review_status
from ..models import BudgetLine, CampaignPage, LoanInstalment, RewardTier
from ..models.campaigns import Category
from .tally import figures_changed, locked_tally

MAX_DAYS = 90

# The page fields a holder writes from the site.
WRITTEN_FIELDS = (
    "title", "holder_name", "holder_kind", "contact_email", "summary", "category", "goal_cents", "deadline",
    "keep_what_is_raised", "equity_platform_url", "risks", "facility", "neighbourhood",
)


@dataclass
class Proposed:
    """What the holder wrote: the page's fields (WRITTEN_FIELDS), the description as plain text,
    and the rows of the budget, the rewards and the loan's schedule."""

    fields: dict
    description: str = ""
    budget_lines: list = field(default_factory=list)  # [(label, amount_cents)]
    reward_tiers: list = field(default_factory=list)  # [{title, description, amount_cents, quantity, estimated_delivery}]
    instalments: list = field(default_factory=list)  # [(due_on, percent)]


def description_blocks(text):
    """Plain text as the description's stream: one text block, a paragraph per blank-line break."""
    paragraphs = [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n") if part.strip()]
    if not paragraphs:
        return []
    html = "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)
    return [("paragraph", RichText(html))]


def _deadline_errors(deadline, now):
    if deadline is None:
        return _("Give the campaign's deadline.")
    if deadline <= now:
        return _("The deadline must be in the future.")
    if deadline > now + timedelta(days=MAX_DAYS):
        return _("The deadline must be at most %(days)s days away.") % {"days": MAX_DAYS}
    return None


def _apply(page, proposed):
    for name in WRITTEN_FIELDS:
        setattr(page, name, proposed.fields.get(name))
    page.keep_what_is_raised = bool(page.keep_what_is_raised)
    page.equity_platform_url = page.equity_platform_url or ""
    page.risks = page.risks or ""
    page.draft_title = page.title
    page.search_description = page.summary or ""
    page.body = description_blocks(proposed.description)
    page.budget_lines = [BudgetLine(label=label, amount_cents=cents) for label, cents in proposed.budget_lines]
    page.reward_tiers = [RewardTier(**tier) for tier in proposed.reward_tiers]
    page.loan_instalments = [LoanInstalment(due_on=due_on, percent=percent) for due_on, percent in proposed.instalments]


def _check(page, proposed, now):
    """Raise ValidationError with every rule the written campaign breaks."""
    errors = {}
    if not proposed.fields.get("goal_cents") or proposed.fields["goal_cents"] < 100:
        errors["goal_cents"] = _("Give the campaign's goal: at least 1 €.")
    if (problem := _deadline_errors(proposed.fields.get("deadline"), now)) is not None:
        errors["deadline"] = problem
    if not description_blocks(proposed.description):
        errors["description"] = _("Describe the project.")
    category = proposed.fields.get("category")
    if category == Category.REWARDS and not proposed.reward_tiers:
        errors["reward_tiers"] = _("A rewards campaign offers at least one reward.")
    if category != Category.REWARDS and proposed.reward_tiers:
        errors["reward_tiers"] = _("Only rewards campaigns offer rewards.")
    if (problem := page.clean_loan_schedule(list(page.loan_instalments.all()))) is not None:
        errors["instalments"] = problem
    for row in [*page.budget_lines.all(), *page.reward_tiers.all(), *page.loan_instalments.all()]:
        try:
            row.full_clean(exclude=["campaign", "sort_order"])
        except ValidationError as error:
            errors.setdefault("__all__", []).extend(error.messages)
    try:
        page.clean_fields(exclude=["path", "depth", "numchild", "slug", "url_path", "content_type", "draft_title"])
        page.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)


def _free_slug(index, title):
    base = slugify(title)[:60] or "campagne"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _quiet_admin_notifications(user):
    """Wagtail emails whoever submitted a page when it is approved or sent back, with links into
    its admin: a citizen without access to the admin gets the portal's own email instead
    (services/review.py), so Wagtail's is turned off on their (admin-only) profile."""
    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


def _send_to_review(page, user):
    _quiet_admin_notifications(user)
    workflow = page.get_workflow()
    if workflow is None:
        # Without a workflow Wagtail would publish at once: a citizen's campaign waits as a draft.
        raise ValidationError(_("Campaigns cannot be sent for review on this site for now; your draft is kept."))
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    else:
        workflow.start(page, user)


def propose_campaign(index, *, user, proposed, submit=True):
    """Create `user`'s campaign as an unpublished page under `index` (a CampaignIndexPage) with its
    first revision, and send it to the moderators' review when `submit`. Returns the page.
    Raises PermissionDenied (who) or ValidationError (what was written, or too many at once)."""
    if not (decision := permissions.can_propose_campaign(user)):
        raise PermissionDenied(decision.reason)
    now = timezone.now()
    page = CampaignPage(holder=user, live=False, has_unpublished_changes=True, owner=user)
    _apply(page, proposed)
    _check(page, proposed, now)
    ratelimits.consume(user, "campaign")
    with transaction.atomic():
        page.slug = _free_slug(index, page.title)
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        if submit:
            _send_to_review(page, user)
    return page


def edit_campaign(campaign, *, user, proposed, submit=True):
    """Save the holder's changes to their draft (or to a campaign whose changes were requested) as
    a new revision, and send it (back) to review when `submit`. Returns the page.
    Raises PermissionDenied or ValidationError."""
    decision = permissions.can_edit_campaign(user, campaign, review_status=review_status(campaign).code)
    if not decision:
        raise PermissionDenied(decision.reason)
    now = timezone.now()
    draft = campaign.get_latest_revision_as_object()
    _apply(draft, proposed)
    _check(draft, proposed, now)
    if submit:
        ratelimits.consume(user, "campaign")
    with transaction.atomic():
        draft.save_revision(user=user, log_action=True)
        if submit:
            _send_to_review(CampaignPage.objects.get(pk=campaign.pk), user)
    return CampaignPage.objects.get(pk=campaign.pk)


def mark_fulfilled(campaign, *, user):
    """The holder closes their succeeded campaign: rewards delivered or loans repaid. Sets the
    tally's `fulfilled_at` (the campaign's page says so). Raises PermissionDenied."""
    with transaction.atomic():
        tally = locked_tally(campaign)
        campaign.tally = tally
        left = instalments_left(campaign) if campaign.category == Category.LOAN else 0
        if not (decision := permissions.can_mark_fulfilled(user, campaign, instalments_left=left)):
            raise PermissionDenied(decision.reason)
        tally.fulfilled_at = timezone.now()
        tally.save(update_fields=["fulfilled_at"])
        figures_changed(campaign.pk)
    return tally


def deadline_from_date(day: date):
    """A deadline chosen as a day ends that day at 23:59, local time."""
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())) + timedelta(
        hours=23, minutes=59
    )
