"""Proposal list, page, form, withdrawal and supports."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from freshness.kept import kept, memo
from freshness.page_cache import vary_on_dealt_cookie
from freshness.sites import page_url
from freshness.versions import CONTENT

from .. import activity, canonical, decision_reads, form_guards, permissions, places, selectors, visitor_order
from ..forms import ProposalForm
from ..list_filters import ProposalListFilters
from ..models import Follow, Proposal, Support
from ..selectors import SORTS
from ..selectors import proposal_list as select_proposals
from ..selectors import similar_proposals
from ..fragments.cards import CardEntry, proposal_cards
from ..fragments.discussion import discussion_context
from ..querystrings import querystring_without_page
from ..search_text import typed_text
from ..services.proposals import (
    edit_proposal,
    submit_proposal,
    support_proposal,
    withdraw_proposal,
    withdraw_support,
)
from .appeals import author_outcome
from .consultation import live_consultation, not_eligible
from .redirects import next_url

PAGE_SIZE = 20


@canonical.on_its_site(canonical.by_consultation)
def proposal_list(request, consultation_id):
    consultation = live_consultation(consultation_id)
    seed = visitor_order.seed_from(request)
    new_seed = seed is None
    if new_seed:
        seed = visitor_order.deal_seed()
    neighbourhoods = places.neighbourhoods()
    chosen = ProposalListFilters(request.GET, options={"neighbourhood": neighbourhoods}).values()
    sort, neighbourhood = chosen["sort"], chosen["neighbourhood"]
    filters = {
        "query": chosen["q"],
        "tag": chosen["tag"],
        "status": chosen["status"],
        "neighbourhood": neighbourhood,
        "answer": chosen["answer"],
        "sort": sort,
        "seed": seed,
    }
    count, number, entries = _listed(consultation, request.user, filters, request.GET.get("page"))
    page = Paginator(range(count), PAGE_SIZE).get_page(number)
    page.object_list = entries
    cards, has_buttons = proposal_cards(consultation, entries, request.user, heading_level=2)
    response = render(
        request,
        "consultations/proposal_list.html",
        {
            "consultation": consultation,
            "page": consultation,
            "proposals": page,
            "cards": cards,
            "has_support_buttons": has_buttons,
            "querystring": querystring_without_page(request),
            "query": filters["query"],
            "sort": sort,
            "filters": {
                "tag": filters["tag"],
                "status": filters["status"],
                "neighbourhood": neighbourhood.pk if neighbourhood else "",
                "answer": filters["answer"],
            },
            "neighbourhoods": neighbourhoods,
            "answer_choices": Proposal.Answer.choices,
            "can_submit_proposal": permissions.can_submit_proposal(request.user, consultation),
            "map_points": _map_points(consultation),
        },
    )
    if new_seed:
        visitor_order.remember(response, seed)
    return vary_on_dealt_cookie(response, visitor_order.SEED_COOKIE) if sort == "random" else response


MAP_POINTS = 1000


def _map_points(consultation):
    """The published proposals placed on the map, for the list's map: a few numbers each."""
    return activity.remembered(
        consultation, "proposal-map",
        lambda: [
            {"url": reverse("consultations:proposal_detail", args=[pk]), "title": title,
             "lat": float(latitude), "lng": float(longitude)}
            for pk, title, latitude, longitude in Proposal.objects.for_consultation(consultation).published()
            .filter(latitude__isnull=False, longitude__isnull=False)
            .order_by("-created_at").values_list("pk", "title", "latitude", "longitude")[:MAP_POINTS]
        ],
    )


def _listed(consultation, user, filters, page_number):
    """(count, page number, card entries) of one page of the list, kept under the consultation's
    versions (consultations/activity.py). Readers who may see proposals others may not (their
    own awaiting moderation, or all of them for moderators) get lists of their own."""
    private_authors = activity.remembered(
        consultation, "private-proposal-authors",
        lambda: set(
            Proposal.objects.for_consultation(consultation)
            .exclude(status__in=Proposal.PUBLIC_STATUSES)
            .values_list("author_id", flat=True)
        ),
    )
    reader = None
    if user.is_authenticated and (user.pk in private_authors or user.has_perm("consultations.moderate_proposal")):
        reader = user.pk
    neighbourhood = filters["neighbourhood"]

    def load():
        proposals = select_proposals(consultation, user=user, **filters)
        page = Paginator(proposals.values_list("pk", "author_id", "status"), PAGE_SIZE).get_page(page_number)
        return page.paginator.count, page.number, [CardEntry(*row) for row in page.object_list]

    key = "|".join(
        str(part)
        for part in (
            "proposal-list", reader, filters["query"], filters["tag"], filters["status"],
            neighbourhood.pk if neighbourhood else "", filters["answer"], filters["sort"], filters["seed"],
            page_number,
        )
    )
    return activity.remembered(consultation, key, load)


@canonical.on_its_site(canonical.by_proposal)
def proposal_detail(request, pk):
    consultation = live_consultation(canonical.proposal_consultation_id(pk))
    proposal = activity.remembered(consultation, f"proposal:{pk}", lambda: Proposal.objects.for_listing().select_related("image", "board_decision").filter(pk=pk).first())
    if proposal is None:
        raise Http404(_("This proposal does not exist or is not public."))
    proposal.consultation = consultation
    user = request.user
    if not proposal.is_visible_to(user):
        raise Http404(_("This proposal does not exist or is not public."))
    if proposal.status == Proposal.Status.MERGED and proposal.merged_into_id:
        # A message rather than a query parameter: the kept proposal's page stays one address.
        messages.info(
            request,
            _("The proposal “%(title)s” was merged into this one, which said much the same: its supports count here.")
            % {"title": proposal.title},
        )
        return redirect("consultations:proposal_detail", pk=proposal.merged_into_id)
    merged_in = activity.remembered(
        consultation, f"proposal-merged-in:{pk}",
        lambda: list(Proposal.objects.filter(merged_into=pk, status=Proposal.Status.MERGED).order_by("pk").values_list("title", flat=True)),
    )
    reader = {"has_supported": False, "is_following": False}
    if user.is_authenticated:
        reader = activity.remembered_for_reader(
            consultation, user, f"proposal-reader:{pk}",
            lambda: {
                "has_supported": Support.objects.filter(proposal=proposal, user=user).exists(),
                "is_following": Follow.objects.of(user).on(proposal).exists(),
            },
        )
    return render(
        request,
        "consultations/proposal_detail.html",
        {
            "proposal": proposal,
            "consultation": consultation,
            **reader,
            "can_support": permissions.can_support(user, proposal),
            "support_open": permissions.support_is_open(consultation),
            "can_edit": permissions.can_edit_proposal(user, proposal),
            "can_withdraw": permissions.can_withdraw_proposal(user, proposal),
            "can_answer": permissions.can_answer(user, proposal),
            "merged_in": merged_in,
            # Campaigns are pages: published content keys them, not the consultation.
            "campaigns": kept(
                f"campaigns-from-proposal:{pk}", [CONTENT],
                lambda: list(proposal.campaigns.live().public().order_by("-first_published_at")),
            ),
            "implementation": activity.remembered(
                consultation, f"proposal-implementation:{pk}",
                lambda: decision_reads.implementation_of(proposal=proposal),
            ),
            **author_outcome(proposal, user),
            **discussion_context(proposal, request, consultation=consultation, url=proposal.get_absolute_url()),
            "meta_description": proposal.body[:160],
            "meta_title": proposal.title,
        },
    )


PROPOSAL_FIELDS = ("title", "body", "tags", "neighbourhood", "address", "latitude", "longitude")
ATTACHMENT_FIELDS = {"image", "image_alt", "plan"}
# What the preview step carries over as hidden fields (the files are chosen on that step); the
# time the form was first shown goes along (consultations/form_guards.py).
CARRIED_FIELDS = (*PROPOSAL_FIELDS, "submission_key", form_guards.STARTED_FIELD)


def _written(data):
    return {name: data[name] for name in PROPOSAL_FIELDS} | {
        "image": data["image"], "image_alt": data["image_alt"], "plan": data["plan"],
    }


def _preview(request, form, consultation):
    data = form.cleaned_data
    return render(
        request,
        "consultations/proposal_preview.html",
        {
            "form": form,
            "consultation": consultation,
            "preview": Proposal(
                consultation=consultation, author=request.user, title=data["title"], body=data["body"],
                neighbourhood=data["neighbourhood"], address=data["address"],
            ),
            "tags": data["tags"],
            "carried": [(name, request.POST.get(name, "")) for name in CARRIED_FIELDS],
            "similar": similar_proposals(consultation, data["title"]),
        },
    )


@canonical.on_its_site(canonical.by_consultation)
@require_http_methods(["GET", "POST"])
def proposal_create(request, consultation_id):
    """The form, then "Check before publishing" (the proposal as it will appear, the similar ones
    already posted, and the photo or plan to attach), then publication."""
    consultation = live_consultation(consultation_id, fresh=request.method == "POST")
    decision = permissions.can_submit_proposal(request.user, consultation)
    if not decision:
        return not_eligible(request, consultation, decision, _("Post a proposal"))
    step = request.POST.get("step", "publish")
    form = ProposalForm(request.POST or None, request.FILES or None, initial={"submission_key": uuid.uuid4()})
    if request.method == "POST" and step == "edit":
        form = ProposalForm(initial={name: request.POST.get(name, "") for name in CARRIED_FIELDS})
    elif request.method == "POST" and form.is_valid() and step == "preview":
        return _preview(request, form, consultation)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = submit_proposal(
                consultation, author=request.user, submission_key=data["submission_key"], **_written(data)
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(page_url(consultation, request))
        else:
            if proposal.is_published:
                messages.success(request, _("Your proposal is published. Thank you!"))
            else:
                messages.success(
                    request,
                    _("Your proposal has been received. It will be published once a moderator has read it."),
                )
            return redirect(proposal.get_absolute_url())
    if form.is_bound and step != "edit" and form.errors and set(form.errors) <= ATTACHMENT_FIELDS:
        # Only the photo or plan was refused: back to the step where they are chosen.
        return _preview(request, form, consultation)
    return render(
        request,
        "consultations/proposal_form.html",
        {"form": form, "consultation": consultation, "editing": False, **map_context()},
    )


@canonical.on_its_site(canonical.by_consultation)
def proposal_similar(request, consultation_id):
    """Up to five published proposals of the consultation close to the title being typed: an
    HTML fragment for the form's script."""
    consultation = live_consultation(consultation_id)
    title = typed_text(request.GET.get("title", ""), limit=120)
    return render(
        request,
        "consultations/includes/similar_proposals.html",
        {"similar": similar_proposals(consultation, title) if len(title) >= 4 else []},
    )


def map_context():
    south, west, north, east = settings.PROPOSAL_MAP_BOUNDS
    return {"map_bounds": f"{south},{west},{north},{east}"}


@canonical.on_its_site(canonical.by_proposal)
@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("consultation", "image"), pk=pk)
    decision = permissions.can_edit_proposal(request.user, proposal)
    if not decision:
        messages.error(request, decision.reason)
        return redirect(proposal.get_absolute_url())
    initial = {
        "title": proposal.title,
        "body": proposal.body,
        "tags": ", ".join(proposal.tags.names()),
        "neighbourhood": proposal.neighbourhood_id,
        "address": proposal.address,
        "latitude": proposal.latitude,
        "longitude": proposal.longitude,
        "image_alt": proposal.image.description if proposal.image else "",
    }
    form = ProposalForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edit_proposal(proposal, editor=request.user, **_written(data))
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(proposal.get_absolute_url())
        else:
            messages.success(request, _("Your proposal has been updated."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "consultations/proposal_form.html",
        {"form": form, "consultation": proposal.consultation, "proposal": proposal, "editing": True, **map_context()},
    )


@canonical.on_its_site(canonical.by_proposal)
@login_required
@require_http_methods(["GET", "POST"])
def proposal_withdraw(request, pk):
    """GET asks for confirmation, saying what withdrawing does; POST withdraws."""
    proposal = get_object_or_404(Proposal.objects.select_related("consultation"), pk=pk)
    if request.method == "GET":
        decision = permissions.can_withdraw_proposal(request.user, proposal)
        if not decision:
            messages.error(request, decision.reason)
            return redirect(proposal.get_absolute_url())
        return render(request, "consultations/proposal_withdraw.html", {"proposal": proposal})
    try:
        withdraw_proposal(proposal, author=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your proposal has been withdrawn."))
    return redirect(proposal.get_absolute_url())


@canonical.on_its_site(canonical.by_proposal)
@require_POST
def proposal_support(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("consultation"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(proposal.get_absolute_url())
    try:
        if request.POST.get("action") == "withdraw":
            withdraw_support(proposal, user=request.user)
            messages.success(request, _("Your support has been withdrawn."))
        else:
            support_proposal(proposal, user=request.user)
            messages.success(request, _("Thank you for your support."))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
    return redirect(next_url(request, proposal.get_absolute_url()))


