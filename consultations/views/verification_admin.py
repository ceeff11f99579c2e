"""Staff side of resident verification in the Wagtail admin: letter-code batches, desk checks,
revocations, and how their log entries read in the admin's reports.

Every view needs the consultations.verify_resident permission; the admin's own wrapper already
turned away anyone without admin access.
"""

import csv
import time

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import LogFormatter
from wagtail.models import Site

from ..models import Neighbourhood, ResidentCodeBatch, ResidentVerificationEvent, User
from ..models.verification import MAX_BATCH_SIZE
from ..postcodes import PostcodeField
from ..services.verification import (
    MAX_VALID_DAYS,
    VERIFY_PERMISSION,
    generate_code_batch,
    revoke_verification,
    verify_at_desk,
)

# Clear codes stay in the generating session just long enough to download and print them.
CODES_SESSION_KEY = "resident_codes"
CODES_KEPT_SECONDS = 30 * 60

verifiers_only = permission_required(VERIFY_PERMISSION)


class CodeBatchForm(forms.Form):
    neighbourhood = forms.ModelChoiceField(
        label=gettext_lazy("Neighbourhood"),
        queryset=Neighbourhood.objects.all(),
        required=False,
    )
    postcode = PostcodeField(
        label=gettext_lazy("or postcode"),
        required=False,
        help_text=gettext_lazy("Fill in either a neighbourhood or a postcode."),
    )
    size = forms.IntegerField(
        label=gettext_lazy("Number of codes"),
        min_value=1,
        max_value=MAX_BATCH_SIZE,
        initial=100,
        help_text=gettext_lazy("One code per letter, at most 5000."),
    )
    valid_days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=MAX_VALID_DAYS,
        initial=90,
        help_text=gettext_lazy("Leave time for the mailing and for residents to answer."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For staff only, e.g. the name of the mailing campaign."),
    )

    def clean(self):
        cleaned_data = super().clean()
        if bool(cleaned_data.get("neighbourhood")) == bool(cleaned_data.get("postcode")):
            raise ValidationError(_("Choose a neighbourhood or enter a postcode, not both."))
        return cleaned_data


class AccountLookupForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address of the account"))


class DeskCheckForm(forms.Form):
    postcode = PostcodeField(label=gettext_lazy("Postcode"), required=False)
    neighbourhood = forms.ModelChoiceField(
        label=gettext_lazy("Neighbourhood"), queryset=Neighbourhood.objects.all(), required=False
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=500,
        required=False,
        help_text=gettext_lazy(
            "The kind of proof seen, e.g. “energy bill”. Never copy an identity document "
            "number."
        ),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Kept in the account's history and shown to its holder in their data."
        ),
    )


def _admin_context(title, **context):
    return {"page_title": title, "header_icon": "user", **context}


def _codes_for(request, batch):
    stored = request.session.get(CODES_SESSION_KEY)
    if not stored:
        return None
    if stored["until"] < time.time():
        del request.session[CODES_SESSION_KEY]
        return None
    return stored["codes"] if stored["batch"] == batch.pk else None


@verifiers_only
def index(request):
    batches = ResidentCodeBatch.objects.with_used_count().select_related(
        "neighbourhood", "created_by"
    )
    events = ResidentVerificationEvent.objects.select_related("user", "actor")
    return render(
        request,
        "consultations/admin/residents/index.html",
        _admin_context(_("Residents"), batches=batches[:20], events=events[:20]),
    )


@verifiers_only
def batch_create(request):
    form = CodeBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch, codes = generate_code_batch(
                created_by=request.user,
                neighbourhood=form.cleaned_data["neighbourhood"],
                postcode=form.cleaned_data["postcode"],
                size=form.cleaned_data["size"],
                valid_days=form.cleaned_data["valid_days"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[CODES_SESSION_KEY] = {
                "batch": batch.pk,
                "codes": codes,
                "until": time.time() + CODES_KEPT_SECONDS,
            }
            messages.success(request, _("%(count)s codes generated.") % {"count": batch.size})
            return redirect("residents:batch_detail", pk=batch.pk)
    return render(
        request,
        "consultations/admin/residents/batch_form.html",
        _admin_context(_("Generate letter codes"), form=form),
    )


@verifiers_only
def batch_detail(request, pk):
    batch = get_object_or_404(
        ResidentCodeBatch.objects.with_used_count().select_related("neighbourhood", "created_by"),
        pk=pk,
    )
    return render(
        request,
        "consultations/admin/residents/batch_detail.html",
        _admin_context(
            _("Letter codes"),
            batch=batch,
            codes_available=_codes_for(request, batch) is not None,
            kept_minutes=CODES_KEPT_SECONDS // 60,
        ),
    )


def _codes_or_redirect(request, pk):
    batch = get_object_or_404(ResidentCodeBatch.objects.select_related("neighbourhood"), pk=pk)
    codes = _codes_for(request, batch)
    if codes is None:
        messages.error(
            request,
            _("The codes of this batch are no longer available: they are only kept for a short "
              "time after generation. Generate a new batch."),
        )
        return batch, None
    return batch, codes


def _spreadsheet_safe(value):
    # A cell starting with one of these is run as a formula by spreadsheet software.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


@verifiers_only
def batch_codes_csv(request, pk):
    batch, codes = _codes_or_redirect(request, pk)
    if codes is None:
        return redirect("residents:batch_detail", pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="codes-residents-{batch.pk}.csv"'
    response["Cache-Control"] = "no-store"
    # The byte order mark makes spreadsheet software read the accents right.
    response.write("\ufeff")
    writer = csv.writer(response)
    # The file feeds the mail merge of the letters: same language as the printable sheet.
    with translation.override(settings.LANGUAGE_CODE):
        writer.writerow([_("area"), _("code"), _("expires on")])
        expires_on = date_format(timezone.localtime(batch.expires_at), "SHORT_DATE_FORMAT")
    area = _spreadsheet_safe(batch.area)
    for code in codes:
        writer.writerow([area, code, expires_on])
    return response


@verifiers_only
def batch_letters(request, pk):
    batch, codes = _codes_or_redirect(request, pk)
    if codes is None:
        return redirect("residents:batch_detail", pk=pk)
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    # Letters go out in the portal's language, whatever language the staff member's admin uses.
    with translation.override(settings.LANGUAGE_CODE):
        response = render(
            request,
            "consultations/admin/residents/letters.html",
            {
                "batch": batch,
                "codes": codes,
                "site_name": (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME,
                "profile_url": root_url + reverse("consultations:account_profile"),
                "language_code": settings.LANGUAGE_CODE,
            },
        )
    response["Cache-Control"] = "no-store"
    return response


@verifiers_only
@require_POST
def batch_forget_codes(request, pk):
    request.session.pop(CODES_SESSION_KEY, None)
    messages.success(request, _("The clear codes have been removed from your session."))
    return redirect("residents:batch_detail", pk=pk)


@verifiers_only
def account_lookup(request):
    form = AccountLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = User.objects.filter(
            email__iexact=form.cleaned_data["email"], deleted_at__isnull=True
        ).first()
        if account is not None:
            return redirect("residents:account", pk=account.pk)
        form.add_error("email", _("No account uses this email address."))
    return render(
        request,
        "consultations/admin/residents/account_lookup.html",
        _admin_context(_("Desk check"), form=form),
    )


def _render_account(request, account, *, desk_form=None, revoke_form=None):
    desk_form = desk_form or DeskCheckForm(
        initial={
            "postcode": account.postcode,
            "neighbourhood": Neighbourhood.objects.filter(name=account.neighbourhood).first(),
        }
    )
    return render(
        request,
        "consultations/admin/residents/account.html",
        _admin_context(
            _("Desk check"),
            account=account,
            desk_form=desk_form,
            revoke_form=revoke_form or RevokeForm(),
            events=account.resident_verification_events.select_related("actor")[:20],
            is_own_account=account.pk == request.user.pk,
        ),
    )


def _account(pk):
    return get_object_or_404(User.objects.filter(deleted_at__isnull=True), pk=pk)


@verifiers_only
def account_detail(request, pk):
    return _render_account(request, _account(pk))


@verifiers_only
@require_POST
def account_verify(request, pk):
    account = _account(pk)
    form = DeskCheckForm(request.POST)
    if form.is_valid():
        try:
            verify_at_desk(
                account,
                staff=request.user,
                postcode=form.cleaned_data["postcode"],
                neighbourhood=form.cleaned_data["neighbourhood"] or "",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The account is now a verified resident."))
            return redirect("residents:account", pk=account.pk)
    return _render_account(request, account, desk_form=form)


@verifiers_only
@require_POST
def account_revoke(request, pk):
    account = _account(pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            revoke_verification(account, staff=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The resident status has been revoked."))
            return redirect("residents:account", pk=account.pk)
    return _render_account(request, account, revoke_form=form)


class ResidentsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VERIFY_PERMISSION)


class ResidentVerificationViewSet(ViewSet):
    name = "residents"
    icon = "user"
    menu_label = gettext_lazy("Residents")
    add_to_admin_menu = True
    menu_item_class = ResidentsMenuItem

    def get_urlpatterns(self):
        return [
            path("", index, name="index"),
            path("batches/new/", batch_create, name="batch_create"),
            path("batches/<int:pk>/", batch_detail, name="batch_detail"),
            path("batches/<int:pk>/codes.csv", batch_codes_csv, name="batch_codes_csv"),
            path("batches/<int:pk>/letters/", batch_letters, name="batch_letters"),
            path("batches/<int:pk>/forget/", batch_forget_codes, name="batch_forget_codes"),
            path("accounts/", account_lookup, name="account_lookup"),
            path("accounts/<int:pk>/", account_detail, name="account"),
            path("accounts/<int:pk>/verify/", account_verify, name="account_verify"),
            path("accounts/<int:pk>/revoke/", account_revoke, name="account_revoke"),
        ]


class ResidentVerifiedLog(LogFormatter):
    label = gettext_lazy("Verify a resident")

    def format_message(self, log_entry):
        method = log_entry.data.get("method", "")
        area = log_entry.data.get("area", "")
        if method in User.VerificationMethod.values:
            method = User.VerificationMethod(method).label
        if area:
            return _("Verified as a resident of %(area)s (%(method)s)") % {
                "area": area,
                "method": method,
            }
        return _("Verified as a resident (%(method)s)") % {"method": method}

    def format_comment(self, log_entry):
        return log_entry.data.get("note", "")


class ResidentRevokedLog(LogFormatter):
    label = gettext_lazy("Revoke a resident status")
    message = gettext_lazy("Resident status revoked")

    def format_comment(self, log_entry):
        return log_entry.data.get("note", "")


class ResidentCodesGeneratedLog(LogFormatter):
    label = gettext_lazy("Generate resident codes")

    def format_message(self, log_entry):
        return _("%(size)s resident codes generated for %(area)s") % {
            "size": log_entry.data.get("size", ""),
            "area": log_entry.data.get("area", ""),
        }
