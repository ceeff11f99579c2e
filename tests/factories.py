"""factory_boy factories that leave rows as the portal's services leave them.

Counters move with their rows (a support adds one to its proposal's support_count, a published
comment on a proposal one to its comment_count), a proposal is followed by its author, a ballot
has choices, and pages go into the Wagtail tree with add_child. Each factory restamps what pages
show (consultations.activity), as any code that writes without a service must.
"""

import time
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone
from wagtail.models import Site

from consultations import activity, form_guards
from consultations.models import (
    Ballot,
    BallotChoice,
    Comment,
    CommentUpvote,
    ConsultationIndexPage,
    ConsultationPage,
    Facility,
    Follow,
    LocalProjectPage,
    Neighbourhood,
    Proposal,
    Support,
    User,
)

PASSWORD = "correct-horse-battery-staple"


def filled_in(seconds_ago=60):
    """What a public form sends besides its fields when a person took `seconds_ago` to fill it
    in (consultations/form_guards.py): the signed time it was shown, and an empty trap."""
    return {
        form_guards.STARTED_FIELD: form_guards.issue(started=time.time() - seconds_ago),
        form_guards.TRAP_FIELD: "",
    }


DAY = timedelta(days=1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"citoyen{n}@exemple.fr")
    display_name = factory.Sequence(lambda n: f"Citoyen {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """Users have a verified primary address unless built with verified_email=False."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)
        if create:
            self.save()

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


def phase_dates(phase, now=None):
    """Dates that put a consultation in the given phase now (proposals then vote)."""
    now = now or timezone.now()
    offsets = {
        "information": 0,
        "proposals": 1,
        "deliberation": 2,
        "vote": 3,
        "results": 4,
        "decision": 5,
    }
    step = offsets[phase]
    # Each phase lasts ten days; shift the calendar so that `phase` contains `now`.
    start = now - (step * 10 - 5) * DAY if step else now + 5 * DAY
    return {
        "proposals_opens_at": start,
        "proposals_closes_at": start + 10 * DAY,
        "vote_opens_at": start + 20 * DAY,
        "vote_closes_at": start + 30 * DAY,
        "decision_at": start + 40 * DAY,
    }


def consultation_list():
    """The default site's list of consultations, made on first use."""
    home = Site.objects.get(is_default_site=True).root_page
    existing = ConsultationIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    return home.add_child(instance=ConsultationIndexPage(title="Consultations", slug="consultations"))


class PageFactory(factory.django.DjangoModelFactory):
    """Wagtail pages go into the tree under `parent` with add_child, as the admin puts them."""

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class, *args, parent=None, **kwargs):
        return model_class(*args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        return parent.add_child(instance=model_class(*args, **kwargs))


class ConsultationPageFactory(PageFactory):
    """A live consultation in the given phase (proposals by default), without a vote unless asked.

    `projects=[40_000, 50_000]` adds a local project per cost, named Projet 1, Projet 2...
    """

    class Meta:
        model = ConsultationPage
        skip_postgeneration_save = True

    class Params:
        phase = "proposals"
        dates = factory.LazyAttribute(lambda page: phase_dates(page.phase))

    parent = factory.LazyFunction(consultation_list)
    title = factory.Sequence(lambda n: f"Consultation n°{n}")
    slug = factory.Sequence(lambda n: f"consultation-n{n}")
    question = "Comment rénover la piscine Jean-Bouin ?"
    vote_method = ConsultationPage.VoteMethod.NONE
    proposals_opens_at = factory.LazyAttribute(lambda page: page.dates["proposals_opens_at"])
    proposals_closes_at = factory.LazyAttribute(lambda page: page.dates["proposals_closes_at"])
    vote_opens_at = factory.LazyAttribute(lambda page: page.dates["vote_opens_at"])
    vote_closes_at = factory.LazyAttribute(lambda page: page.dates["vote_closes_at"])
    decision_at = factory.LazyAttribute(lambda page: page.dates["decision_at"])

    @factory.post_generation
    def projects(page, create, extracted, **kwargs):
        for number, cost in enumerate(extracted or (), start=1):
            LocalProjectPageFactory(
                parent=page, title=f"Projet {number}", slug=f"projet-{number}",
                summary=f"Résumé du projet {number}", cost=cost,
            )


class LocalProjectPageFactory(PageFactory):
    class Meta:
        model = LocalProjectPage

    parent = factory.SubFactory(ConsultationPageFactory)
    title = factory.Sequence(lambda n: f"Projet n°{n}")
    slug = factory.Sequence(lambda n: f"projet-n{n}")
    summary = "Des ombrières au-dessus des gradins extérieurs."
    cost = 10_000


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    name = factory.Sequence(lambda n: f"Quartier n°{n}")
    postcodes = "69003, 69007"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Piscine n°{n}")
    address = "2 rue de la Piscine, 69003 Lyon"
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)


def consultation_id_of(target):
    """The consultation a proposal, a local project or a consultation belongs to."""
    if isinstance(target, Proposal):
        return target.consultation_id
    if isinstance(target, LocalProjectPage):
        return target.get_parent().pk
    return target.pk


def target_is(model):
    """For models with one nullable ForeignKey per target (comments, follows): the field for
    `model` holds the `target` parameter when it is one, and stays empty otherwise."""
    return factory.LazyAttribute(lambda row: row.target if isinstance(row.target, model) else None)


class ProposalFactory(factory.django.DjangoModelFactory):
    """A published proposal, followed by its author as submit_proposal leaves it.

    `supporters=3` (or a list of users) adds supports through SupportFactory; `tags=[...]` tags it.
    """

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    consultation = factory.SubFactory(ConsultationPageFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Proposition n°{n}")
    body = "Installer une toile d'ombrage au-dessus de la pataugeoire l'été."
    status = Proposal.Status.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda proposal: timezone.now() if proposal.status == Proposal.Status.PUBLISHED else None
    )

    @factory.post_generation
    def tags(proposal, create, extracted, **kwargs):
        if create and extracted:
            proposal.tags.set(list(extracted))

    @factory.post_generation
    def followed_by_author(proposal, create, extracted, **kwargs):
        if create and extracted is not False:
            FollowFactory(user=proposal.author, target=proposal)

    @factory.post_generation
    def supporters(proposal, create, extracted, **kwargs):
        if not create or not extracted:
            return
        users = [UserFactory() for _ in range(extracted)] if isinstance(extracted, int) else extracted
        for user in users:
            SupportFactory(proposal=proposal, user=user)

    @factory.post_generation
    def shown(proposal, create, extracted, **kwargs):
        if create:
            activity.touch(proposal.consultation_id)


class SupportFactory(factory.django.DjangoModelFactory):
    """A support, counted on its proposal as support_proposal counts it."""

    class Meta:
        model = Support
        skip_postgeneration_save = True

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def counted(support, create, extracted, **kwargs):
        if not create:
            return
        Proposal.objects.filter(pk=support.proposal_id).update(support_count=F("support_count") + 1)
        support.proposal.refresh_from_db(fields=["support_count"])
        activity.touch(support.proposal.consultation_id)
        activity.touch_reader(support.user_id)


class CommentFactory(factory.django.DjangoModelFactory):
    """A published comment on `target` (a new proposal by default), or a reply to `parent`.

    A reply hangs on the first comment of its thread, as post_comment hangs it; a published
    comment on a proposal is counted on it.
    """

    class Meta:
        model = Comment
        skip_postgeneration_save = True

    class Params:
        target = factory.Maybe(
            "parent",
            yes_declaration=factory.LazyAttribute(lambda comment: comment.parent.target),
            no_declaration=factory.SubFactory(ProposalFactory),
        )

    parent = None
    proposal = target_is(Proposal)
    local_project = target_is(LocalProjectPage)
    consultation = target_is(ConsultationPage)
    # Any other page (a financing campaign) is discussed through the `page` column.
    page = factory.LazyAttribute(
        lambda row: None if isinstance(row.target, (Proposal, LocalProjectPage, ConsultationPage)) else row.target
    )
    author = factory.SubFactory(UserFactory)
    body = "Bonne idée, à condition de garder des places à l'ombre."
    stance = Comment.Stance.NEUTRAL
    status = Comment.Status.PUBLISHED

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        parent = kwargs.get("parent")
        if parent is not None and parent.parent_id:
            kwargs["parent"] = parent.parent
        return kwargs

    @factory.post_generation
    def counted(comment, create, extracted, **kwargs):
        if not create:
            return
        if comment.proposal_id and comment.status == Comment.Status.PUBLISHED:
            Proposal.objects.filter(pk=comment.proposal_id).update(comment_count=F("comment_count") + 1)
            comment.proposal.refresh_from_db(fields=["comment_count"])
        activity.touch(consultation_id_of(comment.target))

    @factory.post_generation
    def upvoters(comment, create, extracted, **kwargs):
        """`upvoters=2` (or a list of users): upvotes, counted as upvote_comment counts them."""
        if not create or not extracted:
            return
        users = [UserFactory() for _ in range(extracted)] if isinstance(extracted, int) else extracted
        CommentUpvote.objects.bulk_create(CommentUpvote(comment=comment, user=user) for user in users)
        Comment.objects.filter(pk=comment.pk).update(upvote_count=F("upvote_count") + len(users))
        comment.refresh_from_db(fields=["upvote_count"])
        activity.touch(consultation_id_of(comment.target))


class FollowFactory(factory.django.DjangoModelFactory):
    """A user following `target`: a proposal (a new one by default) or a consultation."""

    class Meta:
        model = Follow
        skip_postgeneration_save = True

    class Params:
        target = factory.SubFactory(ProposalFactory)

    user = factory.SubFactory(UserFactory)
    proposal = target_is(Proposal)
    consultation = target_is(ConsultationPage)

    @factory.post_generation
    def shown(follow, create, extracted, **kwargs):
        if create:
            activity.touch_reader(follow.user_id)


class BallotFactory(factory.django.DjangoModelFactory):
    """A ballot in a consultation whose vote is open (an approval vote on one project by default).

    `choices` are (project or project id, value) pairs, or a dict of them, as cast_ballot takes
    them; without any, the ballot approves the consultation's first project: the portal stores no
    empty ballot.
    """

    class Meta:
        model = Ballot
        skip_postgeneration_save = True

    consultation = factory.SubFactory(
        ConsultationPageFactory,
        phase="vote",
        vote_method=ConsultationPage.VoteMethod.APPROVAL,
        max_choices=1,
        projects=[10_000],
    )
    voter = factory.SubFactory(UserFactory)
    method = factory.LazyAttribute(lambda ballot: ballot.consultation.vote_method)

    @factory.post_generation
    def choices(ballot, create, extracted, **kwargs):
        if not create:
            return
        if not extracted:
            first = LocalProjectPage.objects.live().child_of(ballot.consultation).order_by("path").first()
            extracted = [(first, 1)]
        pairs = extracted.items() if isinstance(extracted, dict) else extracted
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, project_id=getattr(project, "pk", project), value=value)
            for project, value in pairs
        )
        activity.touch_reader(ballot.voter_id)
