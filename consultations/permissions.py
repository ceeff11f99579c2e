"""Who may do what, and why not.

Rules:
- taking part needs an account with a verified email; a consultation for residents needs a
  verified resident, and, where it names postcodes or neighbourhoods, one living there;
- proposals are posted during the proposals phase of consultations that accept them; their author
  edits them until the first support or comment, and may withdraw them until the vote closes;
- a proposal is supported once per citizen, never by its author, while proposals are collected
  (and during the vote when the vote method is "supports");
- comments are open until the vote closes (or until proposals close when there is no vote); upvoting,
  editing and deleting a comment follow the same rule as commenting, and replies go under
  published comments only;
- a page discussed outside any consultation (a financing campaign) is open to comments, and to
  whom, as the app that registered its type says (consultations/discussions.py); by default to
  any signed-in account with a confirmed email, not suspended or banned;
- a ballot is cast or changed while the vote is open;
- results are shown once the vote has closed, during the vote when the consultation says so,
  and always to elected officials and moderators;
- a published proposal gets its official answer from the moderators of its site and from the
  editors of its site (who edit its consultation's page); elected officials only read it;
- moderators merge a published proposal into another published one of the same consultation,
  both on a site they moderate.
- moderators decide on proposals, comments and opinion-round statements of the sites they
  moderate, each kind under its own permission; a statement belongs to its round's consultation;
- the author of a contribution a moderator rejected or hid may contest the decision, or edit and
  resubmit it, once; resubmitting also needs the proposals phase (or the discussion, or the
  statement's opinion round, taking statements) still open.
- a consultation's data is exported by elected officials (any site), by the moderators of its
  site and by the editors of its consultation; exports name participants by pseudonyms, and only
  those who also hold `export_named` may export proposals with their authors' names;
- the board's decisions are recorded (uploaded, and followed up with implementation updates) by
  the moderators of the consultation's site and its editors, never by elected officials, who
  read and export but do not edit; in the admin they read the follow-up of adopted items.
- anyone downloads a consultation's open data once it is closed: its vote has closed, or, without
  a vote, its proposals phase has.
- a consultation's opinion rounds (and their staff's statements) are set up by the editors of its
  page, in the admin.
- an opinion round's statements are answered, and proposed where the round takes them, while the
  round is open, by whoever may take part in its consultation.

Each can_* function returns a Decision, true when allowed, with a translated reason otherwise
so that pages explain how to become eligible instead of answering a bare 403.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from .discussions import PageDiscussion, page_discussion
from .models import Comment, ConsultationPage, LocalProjectPage, Proposal, Sanction, Statement
from .phases import Phase


@dataclass(frozen=True)
class Decision:
    allowed: bool
    code: str = ""
    reason: str = ""
    fix_url: str = ""
    fix_label: str = ""

    def __bool__(self):
        return self.allowed


ALLOWED = Decision(True)
PAGE_PERMISSIONS = PagePermissionPolicy()

OPEN_FOR_COMMENTS = {Phase.INFORMATION, Phase.PROPOSALS, Phase.DELIBERATION, Phase.VOTE}


def sign_in_refusal():
    return Decision(
        False, "sign_in", _("Sign in or create an account to take part."),
        reverse("account_login"), _("Sign in"),
    )


def can_take_part_anywhere(user):
    """What every discussion asks: a signed-in account with a confirmed email, not suspended."""
    if not user.is_authenticated:
        return sign_in_refusal()
    if (sanctioned := sanction_refusal(user)) is not None:
        return sanctioned
    if not _has_verified_email(user):
        return Decision(
            False, "verify_email", _("Confirm your email address to take part."),
            reverse("account_email"), _("Confirm my address"),
        )
    return ALLOWED


def can_take_part(user, consultation):
    """`consultation` may be a page discussed outside any (consultations/discussions.py): its
    app's rules decide."""
    if isinstance(consultation, PageDiscussion):
        return consultation.may_take_part(user)
    if not (decision := can_take_part_anywhere(user)):
        return decision
    if consultation.audience == ConsultationPage.Audience.RESIDENTS:
        if not user.is_verified_resident:
            return Decision(
                False, "verify_residence",
                _("This consultation is open to verified residents. Enter the code you received by "
                  "post, or show proof of address at a facility's desk."),
                reverse("consultations:account_profile"), _("Become a verified resident"),
            )
        if not _lives_in_area(user, consultation):
            return Decision(
                False, "outside_area",
                _("This consultation is open to the residents of the areas it concerns only."),
            )
    return ALLOWED


def sanction_refusal(user):
    """A suspended or banned account: why, and until when. The end date is on the account, which
    every request reads: only a sanctioned account costs a query, for the reason."""
    if not user.suspended_until or user.suspended_until <= timezone.now():
        return None
    sanction = Sanction.objects.keeping_out(user).select_related("reason").first()
    if sanction is None:
        return None
    reason = sanction.reason.label
    if sanction.until:
        message = _(
            "Your account is suspended until %(date)s (%(reason)s): you can still read and sign in, "
            "but not take part."
        ) % {"date": date_format(timezone.localtime(sanction.until), "DATETIME_FORMAT"), "reason": reason}
    else:
        message = _(
            "Your account is banned (%(reason)s): you can still read and sign in, but not take part."
        ) % {"reason": reason}
    return Decision(False, "sanctioned", message)


def _has_verified_email(user):
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._has_verified_email = cached
    return cached


def _lives_in_area(user, consultation):
    postcodes = set(consultation.postcode_list)
    neighbourhood_names = consultation.eligible_neighbourhood_names
    if not postcodes and not neighbourhood_names:
        return True
    return user.postcode in postcodes or user.neighbourhood in neighbourhood_names


def can_submit_proposal(user, consultation):
    if not consultation.proposals_enabled:
        return Decision(False, "no_proposals", _("This consultation does not take proposals."))
    if consultation.phase != Phase.PROPOSALS:
        return Decision(False, "closed", _("Proposals are not being collected at the moment."))
    return can_take_part(user, consultation)


def can_edit_proposal(user, proposal):
    if not user.is_authenticated or proposal.author_id != user.pk:
        return Decision(False, "not_author", _("Only its author can change a proposal."))
    if proposal.status not in {Proposal.Status.PENDING, Proposal.Status.PUBLISHED}:
        return Decision(False, "status", _("This proposal can no longer be changed."))
    if proposal.support_count or proposal.comment_count:
        return Decision(
            False, "engaged",
            _("This proposal has received supports or comments: it can no longer be changed."),
        )
    if proposal.consultation.phase != Phase.PROPOSALS:
        return Decision(False, "closed", _("Proposals are closed."))
    return ALLOWED


def can_withdraw_proposal(user, proposal):
    if not user.is_authenticated or proposal.author_id != user.pk:
        return Decision(False, "not_author", _("Only its author can withdraw a proposal."))
    if proposal.status not in {Proposal.Status.PENDING, Proposal.Status.PUBLISHED}:
        return Decision(False, "status", _("This proposal can no longer be withdrawn."))
    if proposal.consultation.phase in {Phase.RESULTS, Phase.DECISION}:
        return Decision(False, "closed", _("The consultation is over."))
    return ALLOWED


def support_is_open(consultation):
    if consultation.phase == Phase.PROPOSALS:
        return True
    return (
        consultation.vote_method == ConsultationPage.VoteMethod.SUPPORT
        and consultation.phase == Phase.VOTE
    )


def can_support(user, proposal):
    return can_support_listed(
        user, proposal.consultation, status=proposal.status, author_id=proposal.author_id
    )


def can_support_listed(user, consultation, *, status, author_id):
    """`can_support` for lists, which know a proposal's status and author, not the proposal."""
    if status != Proposal.Status.PUBLISHED:
        return Decision(False, "status", _("Only published proposals can be supported."))
    if not support_is_open(consultation):
        return Decision(False, "closed", _("Supports are closed."))
    if user.is_authenticated and author_id == user.pk:
        return Decision(False, "own", _("You cannot support your own proposal."))
    return can_take_part(user, consultation)


def consultation_of(target):
    """The consultation a comment's target belongs to; for a page discussed outside any
    consultation (consultations/discussions.py), its PageDiscussion, which answers the same
    questions."""
    if isinstance(target, ConsultationPage):
        return target
    if isinstance(target, Proposal):
        return target.consultation
    if not isinstance(target, LocalProjectPage) and (discussion := page_discussion(target)) is not None:
        return discussion
    return ConsultationPage.objects.parent_of(target).get()


def comments_are_open(consultation):
    if isinstance(consultation, PageDiscussion):
        return bool(consultation.is_open())
    if consultation.phase == Phase.VOTE and consultation.vote_method == ConsultationPage.VoteMethod.NONE:
        return False
    return consultation.phase in OPEN_FOR_COMMENTS


def can_comment(user, target, *, consultation=None):
    consultation = consultation or consultation_of(target)
    if isinstance(target, Proposal) and target.status != Proposal.Status.PUBLISHED:
        return Decision(False, "status", _("Only published proposals can be discussed."))
    if isinstance(consultation, PageDiscussion):
        if not (decision := consultation.is_open()):
            return decision
    elif not comments_are_open(consultation):
        return Decision(False, "closed", _("The discussion is closed."))
    return can_take_part(user, consultation)


def can_edit_comment(user, comment, *, consultation=None):
    """Editing or deleting one's comment, while the discussion is open to its author."""
    if not user.is_authenticated or comment.author_id != user.pk:
        return Decision(False, "not_author", _("Only its author can change a comment."))
    if comment.is_deleted or comment.status not in {Comment.Status.PUBLISHED, Comment.Status.PENDING}:
        return Decision(False, "status", _("This comment can no longer be changed."))
    return can_comment(user, comment.target, consultation=consultation)


def can_upvote_comment(user, comment, *, consultation=None):
    """Upvoting is taking part: the same rule as commenting, on someone else's published comment."""
    if not user.is_authenticated:
        return sign_in_refusal()
    if comment.author_id == user.pk:
        return Decision(False, "own", _("You cannot upvote your own comment."))
    if comment.is_deleted or comment.status != Comment.Status.PUBLISHED:
        return Decision(False, "status", _("This comment cannot be upvoted."))
    return can_comment(user, comment.target, consultation=consultation)


def can_reply_to(parent):
    """Replies go under published comments only: a reply to a hidden one would be hidden with it."""
    if parent.is_deleted or parent.status != Comment.Status.PUBLISHED:
        return Decision(False, "status", _("You can only reply to a published comment."))
    return ALLOWED


def can_vote(user, consultation):
    if not consultation.votes_on_projects:
        return Decision(False, "no_vote", _("This consultation has no vote on projects."))
    if consultation.phase != Phase.VOTE:
        if consultation.phase in {Phase.RESULTS, Phase.DECISION}:
            return Decision(False, "closed", _("The vote is closed."))
        return Decision(False, "not_open", _("The vote has not opened yet."))
    return can_take_part(user, consultation)


def can_see_results(user, consultation):
    if consultation.vote_method == ConsultationPage.VoteMethod.NONE:
        return Decision(False, "no_vote", _("This consultation has no vote."))
    if consultation.is_vote_closed:
        return ALLOWED
    if consultation.phase == Phase.VOTE and consultation.live_results:
        return ALLOWED
    if user.is_authenticated and user.has_perm("consultations.view_results"):
        return ALLOWED
    return Decision(False, "not_yet", _("Results will be published when the vote closes."))


def can_download_open_data(consultation):
    # The phase now, not the one a kept copy of the page was read with.
    if consultation.phase_at(timezone.now()) in (Phase.RESULTS, Phase.DECISION):
        return ALLOWED
    return Decision(False, "not_closed", _("Open data is published once the consultation has closed."))


MODERATION_PERMISSIONS = {
    Proposal: "consultations.moderate_proposal",
    Comment: "consultations.moderate_comment",
    Statement: "consultations.moderate_statement",
}


def can_moderate(user, item):
    """Moderators decide on proposals, comments and opinion-round statements (`moderate_proposal`,
    `moderate_comment`, `moderate_statement`) of the sites they moderate (moderation_scope)."""
    if not user.is_authenticated or not user.has_perm(MODERATION_PERMISSIONS[type(item)]):
        return Decision(False, "not_moderator", _("Only moderators may take this decision."))
    consultation = contribution_consultation(item)
    if not any(consultation.path.startswith(root) for root in moderation_scope(user)):
        return Decision(False, "other_site", _("You do not moderate this site."))
    return ALLOWED


def moderation_scope(user):
    """The tree paths a moderator moderates under: those of the pages their groups may publish
    (Wagtail's page permissions, so one group per site gives a site its own moderators; the
    Modération group publishes from the root, so it moderates every site)."""
    return _page_scope(user, "publish_page")


def _page_scope(user, codename):
    """The tree paths of the pages on which the user's groups hold `codename` (Wagtail's page
    permissions); a superuser's is the whole tree. Read from the list Wagtail's own permission
    policy keeps on the user for the request: the admin's menu already reads it on every page."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return [""]
    scopes = user.__dict__.get("_page_scopes")
    if scopes is None:
        scopes = {}
        for permission in PAGE_PERMISSIONS.get_cached_permissions_for_user(user):
            paths = scopes.setdefault(permission.permission.codename, [])
            if permission.page.path not in paths:
                paths.append(permission.page.path)
        user.__dict__["_page_scopes"] = scopes
    return scopes.get(codename, [])


def can_report(user, item):
    """Any signed-in participant reports a published proposal, comment or statement, except their
    own."""
    if not user.is_authenticated:
        return sign_in_refusal()
    if (sanctioned := sanction_refusal(user)) is not None:
        return sanctioned
    if item.author_id == user.pk:
        return Decision(False, "own", _("You cannot report your own contribution."))
    if item.status != Proposal.Status.PUBLISHED:
        return Decision(False, "not_published", _("Only published contributions can be reported."))
    return ALLOWED


def can_sanction(moderator, user):
    """Moderators of proposals and comments sanction participants' accounts: never a staff
    account, never their own."""
    if not (
        moderator.is_authenticated
        and moderator.has_perm("consultations.moderate_comment")
        and moderator.has_perm("consultations.moderate_proposal")
    ):
        return Decision(False, "not_moderator", _("Only moderators may sanction a participant's account."))
    if moderator.pk == user.pk or user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"):
        return Decision(False, "staff", _("Only moderators may sanction a participant's account."))
    return ALLOWED


def can_answer(user, proposal):
    """Moderators of the proposal's site and editors of its consultation give (and edit) its
    official answer, while it is published."""
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return Decision(False, "not_staff", _("Only moderators and editors may answer a proposal."))
    if not _staff_of(user, proposal.consultation):
        return Decision(False, "other_site", _("Only moderators and editors may answer a proposal."))
    if proposal.status != Proposal.Status.PUBLISHED:
        return Decision(False, "status", _("Only published proposals get an official answer."))
    return ALLOWED


def editing_scope(user):
    """The tree paths under which the user edits pages (Wagtail's page permissions)."""
    return _page_scope(user, "change_page")


def can_manage_opinion_rounds(user, consultation):
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return Decision(False, "not_staff", _("Only the editors of the consultation set up its opinion rounds."))
    if not _under_any(consultation.path, editing_scope(user)):
        return Decision(False, "other_site", _("Only the editors of the consultation set up its opinion rounds."))
    return ALLOWED


def _under_any(path, roots):
    return any(path.startswith(root) for root in roots)


def can_merge(user, duplicate, into):
    """A moderator of both proposals' site merges a published proposal into another published
    proposal of the same consultation."""
    for proposal in (duplicate, into):
        decision = can_moderate(user, proposal)
        if not decision:
            return decision
    if duplicate.pk == into.pk:
        return Decision(False, "self", _("A proposal cannot be merged into itself."))
    if duplicate.consultation_id != into.consultation_id:
        return Decision(
            False, "other_consultation", _("Only proposals of the same consultation can be merged.")
        )
    for proposal in (duplicate, into):
        if proposal.status != Proposal.Status.PUBLISHED:
            return Decision(
                False, "status",
                _("“%(title)s” is “%(status)s”: only published proposals can be merged.")
                % {"title": proposal.title, "status": proposal.get_status_display()},
            )
    return ALLOWED


APPEALABLE_STATUSES = {Proposal.Status.REJECTED, Proposal.Status.HIDDEN}


def can_appeal(user, item):
    """What the contribution itself says about contesting or resubmitting it, without reading its
    consultation: lists show their links from it; can_contest and can_resubmit decide."""
    if not user.is_authenticated or item.author_id != user.pk:
        return Decision(False, "not_author", _("Only its author can contest a moderation decision."))
    if item.appeal:
        return Decision(
            False, "used", _("You have already contested or resubmitted this contribution: a contribution is reviewed again only once.")
        )
    if getattr(item, "deleted_at", None) or item.status not in APPEALABLE_STATUSES:
        return Decision(False, "status", _("Only a rejected or hidden contribution can be contested or resubmitted."))
    # Reports hide a contribution until a moderator decides: there is no decision to contest yet.
    if item.report_count or item.moderated_at is None:
        return Decision(False, "undecided", _("A moderator has not decided on this contribution yet."))
    return ALLOWED


def can_contest(user, item, *, consultation=None):
    if not (decision := can_appeal(user, item)):
        return decision
    return can_take_part(user, consultation or contribution_consultation(item))


def can_resubmit(user, item, *, consultation=None):
    consultation = consultation or contribution_consultation(item)
    if not (decision := can_contest(user, item, consultation=consultation)):
        return decision
    if isinstance(item, Proposal):
        if not consultation.proposals_enabled or consultation.phase != Phase.PROPOSALS:
            return Decision(
                False, "closed", _("Proposals are closed: you can still contest the decision.")
            )
    elif isinstance(item, Statement):
        if not (item.round.accepts_statements and item.round.is_open()):
            return Decision(
                False, "closed", _("The opinion round is closed: you can still contest the decision.")
            )
    elif not comments_are_open(consultation):
        return Decision(False, "closed", _("The discussion is closed: you can still contest the decision."))
    return ALLOWED


def contribution_consultation(item):
    """The consultation a proposal, a comment or an opinion-round statement belongs to."""
    if isinstance(item, Proposal):
        return item.consultation
    if isinstance(item, Statement):
        return item.round.consultation
    return consultation_of(item.target)


def can_export(user, consultation):
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return Decision(False, "not_staff", _("Only staff may export a consultation."))
    if user.has_perm("consultations.export_results") or _staff_of(user, consultation):
        return ALLOWED
    return Decision(False, "other_site", _("You may not export the consultations of this site."))


def export_scope(user):
    """The tree paths under which the user may export consultations, as can_export rules: None
    for every consultation (elected officials), else their moderated sites and edited pages."""
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return []
    if user.has_perm("consultations.export_results"):
        return None
    return staff_scope(user)


def can_export_any(user):
    """Whether export_scope(user) holds anything, asked by the admin menu on every page: stops at
    the first role found, reading page permissions only when needed (once per request)."""
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return False
    if user.has_perm("consultations.export_results"):
        return True
    if user.has_perm("consultations.moderate_proposal") and moderation_scope(user):
        return True
    return bool(editing_scope(user))


def can_export_named(user, consultation):
    allowed = can_export(user, consultation)
    if not allowed:
        return allowed
    if not user.has_perm("consultations.export_named"):
        return Decision(
            False, "not_named", _("Exporting participants' names needs its own permission.")
        )
    return ALLOWED


def can_record_decisions(user, consultation):
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return Decision(False, "not_staff", _("Only moderators and editors record decisions."))
    if not _staff_of(user, consultation):
        return Decision(False, "other_site", _("Only moderators and editors record decisions."))
    return ALLOWED


def _staff_of(user, consultation):
    """A moderator of the consultation's site or an editor of its page."""
    return _under_any(consultation.path, staff_scope(user))


def staff_scope(user):
    """The tree paths of the sites the user moderates and of the pages they edit: where they
    answer proposals, export and record decisions (_staff_of)."""
    roots = list(editing_scope(user))
    if user.has_perm("consultations.moderate_proposal"):
        roots += moderation_scope(user)
    return roots


def can_view_decisions(user, consultation):
    """Elected officials read the follow-up of every site in the admin; the staff who record
    decisions read what they record."""
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin") and user.has_perm(
        "consultations.view_results"
    ):
        return ALLOWED
    return can_record_decisions(user, consultation)


def decisions_scope(user):
    """The tree paths of the consultations whose decisions the user reads in the admin
    ([""]: all of them), as can_view_decisions answers it one consultation at a time."""
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return []
    if user.has_perm("consultations.view_results"):
        return [""]
    return staff_scope(user)


def can_answer_statements(user, opinion_round):
    """Answering a round's statements: while the round is open, for whoever may take part in its
    consultation (services/opinions.py checks it again, with each statement's status)."""
    if not opinion_round.is_open():
        if timezone.now() < opinion_round.opens_at:
            return Decision(False, "not_open", _("This opinion round has not opened yet."))
        return Decision(False, "closed", _("This opinion round is closed."))
    return can_take_part(user, opinion_round.consultation)


def can_propose_statement(user, opinion_round):
    """Proposing a statement: in an open round that accepts them, by whoever may take part."""
    if not opinion_round.accepts_statements:
        return Decision(False, "no_statements", _("This opinion round does not take statements from participants."))
    return can_answer_statements(user, opinion_round)
