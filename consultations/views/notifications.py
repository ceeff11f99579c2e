"""Following consultations and proposals, notification settings and one-click unsubscribe."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from freshness.sites import page_url

from .. import account_sections, canonical
from ..models import ConsultationPage, Follow, NotificationPreferences, Proposal
from ..services.notifications import (
    follow,
    preferences_of,
    read_unsubscribe_token,
    unfollow,
    unsubscribe,
    update_preferences,
)
from .redirects import next_url


class NotificationPreferencesForm(forms.ModelForm):
    class Meta:
        model = NotificationPreferences
        fields = list(NotificationPreferences.KINDS)
        labels = {
            "replies": gettext_lazy("Someone replies to one of my comments"),
            "proposal_status": gettext_lazy("The status of one of my proposals changes"),
            "phase_changes": gettext_lazy("A consultation I follow enters a new phase"),
            "results": gettext_lazy("The results of a consultation I follow are published"),
            "decisions": gettext_lazy(
                "The board decides on a consultation I took part in, or an adopted project I "
                "follow is done or abandoned"
            ),
            "campaign_updates": gettext_lazy("A financing campaign I follow or back posts news"),
        }


def _toggle(request, target, *, following):
    if isinstance(target, ConsultationPage):
        own_url = page_url(target, request)
    else:
        own_url = target.get_absolute_url()
    back = next_url(request, own_url or "/")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    if following:
        try:
            follow(target, user=request.user)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(back)
        messages.success(request, _("You now follow “%(title)s”.") % {"title": target.title})
    else:
        unfollow(target, user=request.user)
        messages.success(
            request, _("You no longer follow “%(title)s”.") % {"title": target.title}
        )
    return redirect(back)


@canonical.on_its_site(canonical.by_consultation)
@require_POST
def consultation_follow(request, consultation_id):
    consultation = get_object_or_404(ConsultationPage.objects.live(), pk=consultation_id)
    return _toggle(request, consultation, following=True)


# Not bound to the consultation's site: a citizen lets go from their account page on any site.
@require_POST
def consultation_unfollow(request, consultation_id):
    consultation = get_object_or_404(ConsultationPage, pk=consultation_id)
    return _toggle(request, consultation, following=False)


@canonical.on_its_site(canonical.by_proposal)
@require_POST
def proposal_follow(request, pk):
    proposal = get_object_or_404(Proposal.objects.visible_to(request.user), pk=pk)
    return _toggle(request, proposal, following=True)


# Not bound to the consultation's site: a citizen lets go from their account page on any site.
@require_POST
def proposal_unfollow(request, pk):
    # Still reachable once the proposal is hidden, so that its followers can let go of it.
    proposal = get_object_or_404(Proposal, pk=pk)
    return _toggle(request, proposal, following=False)


@login_required
@require_http_methods(["GET", "POST"])
def account_notifications(request):
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None, instance=preferences_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        update_preferences(request.user, **form.cleaned_data)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("consultations:account_notifications")
    follows = list(Follow.objects.of(request.user).for_listing())
    other_follows = account_sections.follow_sections(request.user)
    return render(
        request,
        "consultations/account/notifications.html",
        {
            "form": form,
            "follows": follows,
            "other_follows": other_follows,
            "follows_nothing": not follows and not any(rows for _section, rows in other_follows),
        },
    )


def _unsubscribe(request, token):
    try:
        user, kind = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(
            request, "consultations/notifications/unsubscribe_invalid.html", status=400
        )
    context = {
        "kind_label": NotificationPreferences._meta.get_field(kind).verbose_name,
        "masked_email": _masked(user.email),
    }
    if request.method == "POST":
        unsubscribe(token)
        return render(request, "consultations/notifications/unsubscribe_done.html", context)
    # Link scanners open every address in an email: a GET only asks.
    return render(request, "consultations/notifications/unsubscribe.html", context)


_unsubscribe_from_our_page = csrf_protect(_unsubscribe)


# Mail clients send the RFC 8058 one-click POST (body "List-Unsubscribe=One-Click") without a CSRF
# token; the signed token is the authorisation, and it can only turn emails off. The button of the
# confirmation page is an ordinary form, CSRF-checked like any other.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def notifications_unsubscribe(request, token):
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
        return _unsubscribe(request, token)
    return _unsubscribe_from_our_page(request, token)


def _masked(email):
    # Enough to recognise one's account, not enough to harvest from a forwarded email.
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"
