"""Staff side of resident verification in the Wagtail admin, on Wagtail's generic views: the audit
trail of verifications, batches of letter codes, and desk checks with revocation.

Every view needs the consultations.verify_resident permission (permission_policies.py); the
admin's own wrapper already turned away anyone without admin access. The clear codes of a new
batch exist only in the answer to the form that generates it: no session, cache, table or log
keeps them, so they cannot be handed over twice.
"""

import base64

import django_filters
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Site
from wagtail.permissions import policy_registry

from .. import exports, form_tokens
from ..models import Neighbourhood, ResidentCodeBatch, ResidentVerificationEvent, User
from ..services.verification import generate_code_batch, revoke_verification, verify_at_desk
from ..verification_forms import (
    CODES_HANDOVER,
    AccountLookupForm,
    CodeBatchForm,
    DeskCheckForm,
    RevokeForm,
)
from .admin_listing import ParticipationIndexView

ACCOUNT_URL_NAME = "resident_desk:account"
DESK_URL_NAME = "resident_desk:index"
NEW_BATCH_URL_NAME = "resident_batches:add"
BATCHES_URL_NAME = "resident_batches:index"


def _or_dash(value):
    return value if value not in (None, "") else "—"


# Audit trail


class VerificationEventFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ResidentVerificationEvent
        fields = ["action", "method"]


class VerificationEventIndexView(ParticipationIndexView):
    template_name = "consultations/admin/residents/index.html"
    page_title = gettext_lazy("Residents")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "actor")

    @cached_property
    def columns(self):
        return [
            TitleColumn("user", label=_("Account"), get_url=self.get_account_url),
            Column("at", label=_("Date"), sort_key="at"),
            Column("action", label=_("Action"), accessor="get_action_display"),
            Column(
                "method",
                label=_("Method"),
                accessor=lambda event: _or_dash(event.get_method_display()),
            ),
            Column("area", label=_("Area"), accessor=lambda event: _or_dash(event.area)),
            Column("actor", label=_("Done by"), accessor=lambda event: _or_dash(event.actor)),
        ]

    def get_account_url(self, event):
        # A deleted account keeps its history but has no page any more.
        if event.user.deleted_at is None:
            return reverse(ACCOUNT_URL_NAME, args=[event.user_id])
        return None

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Generate letter codes"), url=reverse(NEW_BATCH_URL_NAME), icon_name="mail"
            ),
            HeaderButton(
                _("Desk check"), url=reverse(DESK_URL_NAME), icon_name="clipboard-list"
            ),
        ]


# Letter codes


class CodeBatchIndexView(ParticipationIndexView):
    page_title = gettext_lazy("Letter codes")
    add_item_label = gettext_lazy("Generate letter codes")

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .with_used_count()
            .select_related("neighbourhood", "created_by")
        )

    @cached_property
    def columns(self):
        return [
            TitleColumn("area", label=_("Area"), get_url=self.get_inspect_url),
            Column("size", label=_("Codes"), sort_key="size"),
            Column("used_count", label=_("Used"), sort_key="used_count"),
            Column(
                "created_at", label=pgettext_lazy("code batch", "Created"), sort_key="created_at"
            ),
            Column("created_by", label=_("Created by"), accessor=lambda b: _or_dash(b.created_by)),
            Column("expires_at", label=_("Valid until"), sort_key="expires_at"),
            Column("note", label=_("Note")),
        ]


class CodeBatchCreateView(generic.CreateView):
    """Generates a batch and answers with its clear codes: the printable letters (which also
    offer the codes as a CSV download) or the CSV file alone. A form sent a second time
    generates nothing and says why."""

    template_name = "consultations/admin/residents/batch_form.html"
    handed_over_template_name = "consultations/admin/residents/codes_handed_over.html"
    page_title = gettext_lazy("Generate letter codes")
    submit_button_label = gettext_lazy("Generate the codes")
    submit_button_active_label = gettext_lazy("Generating…")
    error_message = gettext_lazy("The codes could not be generated due to errors.")

    def get_page_subtitle(self):
        return ""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(BATCHES_URL_NAME), "label": _("Letter codes")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_initial(self):
        return {**super().get_initial(), "handover": form_tokens.issue(CODES_HANDOVER)}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # CodeBatchForm is a plain form: the batch is made by the service, not saved from it.
        kwargs.pop("instance", None)
        return kwargs

    def form_valid(self, form):
        nonce = form.cleaned_data["handover"]
        if not form_tokens.use(CODES_HANDOVER, nonce):
            self.template_name = self.handed_over_template_name
            return self.render_to_response(self.get_context_data(form=form), status=409)
        try:
            batch, codes = generate_code_batch(
                created_by=self.request.user,
                neighbourhood=form.cleaned_data["neighbourhood"],
                postcode=form.cleaned_data["postcode"],
                size=form.cleaned_data["size"],
                valid_days=form.cleaned_data["valid_days"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_tokens.release(CODES_HANDOVER, nonce)
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        if form.cleaned_data["delivery"] == CodeBatchForm.CSV:
            response = HttpResponse(
                exports.resident_codes_csv(batch, codes), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{codes_filename(batch)}"'
        else:
            response = self.letters_response(batch, codes)
        # Neither the browser's cache nor a proxy may keep the only copy of the codes.
        response["Cache-Control"] = "no-store"
        return response

    def letters_response(self, batch, codes):
        site = (
            Site.find_for_request(self.request)
            or Site.objects.filter(is_default_site=True).first()
        )
        root_url = site.root_url if site else self.request.build_absolute_uri("/").rstrip("/")
        csv_bytes = exports.resident_codes_csv(batch, codes).encode()
        # Letters go out in the portal's language, whatever language the staff member's admin uses.
        with translation.override(settings.LANGUAGE_CODE):
            return render(
                self.request,
                "consultations/admin/residents/letters.html",
                {
                    "batch": batch,
                    "codes": codes,
                    "site_name": (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME,
                    "profile_url": root_url + reverse("consultations:account_profile"),
                    "language_code": settings.LANGUAGE_CODE,
                    "csv_url": "data:text/csv;charset=utf-8;base64,"
                    + base64.b64encode(csv_bytes).decode("ascii"),
                    "csv_filename": codes_filename(batch),
                    "batch_url": reverse("resident_batches:inspect", args=[batch.pk]),
                },
            )


def codes_filename(batch):
    return f"codes-residents-{batch.pk}.csv"


class CodeBatchInspectView(generic.InspectView):
    template_name = "consultations/admin/residents/batch_detail.html"
    page_title = gettext_lazy("Letter codes")
    labels = {
        "area": gettext_lazy("Area"),
        "size": gettext_lazy("Codes"),
        "used_count": gettext_lazy("Used"),
        "created_at": pgettext_lazy("code batch", "Created"),
        "created_by": gettext_lazy("Created by"),
        "expires_at": gettext_lazy("Valid until"),
        "note": gettext_lazy("Note"),
    }

    def get_object(self, queryset=None):
        batches = ResidentCodeBatch.objects.with_used_count().select_related(
            "neighbourhood", "created_by"
        )
        return get_object_or_404(batches, pk=unquote(str(self.pk)))

    def get_fields(self):
        return list(self.labels)

    def get_field_label(self, field_name, field):
        return self.labels[field_name]

    def get_created_by_display_value(self):
        return _or_dash(self.object.created_by)

    # Wagtail's inspect template would show the stored UTC time.
    def get_created_at_display_value(self):
        return date_format(timezone.localtime(self.object.created_at), "DATETIME_FORMAT")

    def get_expires_at_display_value(self):
        expires_at = date_format(timezone.localtime(self.object.expires_at), "DATETIME_FORMAT")
        if self.object.is_expired:
            return "%s (%s)" % (expires_at, pgettext_lazy("code batch", "expired"))
        return expires_at

    def get_note_display_value(self):
        return _or_dash(self.object.note)

    def get_context_data(self, **kwargs):
        return super().get_context_data(new_batch_url=reverse(NEW_BATCH_URL_NAME), **kwargs)


# Desk checks


class DeskCheckPermissionMixin(generic.PermissionCheckedMixin):
    """A desk check records verification events: it needs the right to add them."""

    permission_required = "add"
    header_icon = "clipboard-list"
    page_title = gettext_lazy("Desk check")

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(ResidentVerificationEvent)


class AccountLookupView(DeskCheckPermissionMixin, generic.WagtailAdminTemplateMixin, FormView):
    template_name = "consultations/admin/residents/account_lookup.html"
    form_class = AccountLookupForm

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def form_valid(self, form):
        account = User.objects.filter(
            email__iexact=form.cleaned_data["email"], deleted_at__isnull=True
        ).first()
        if account is None:
            form.add_error("email", _("No account uses this email address."))
            return self.form_invalid(form)
        return redirect(ACCOUNT_URL_NAME, pk=account.pk)


class AccountView(DeskCheckPermissionMixin, generic.WagtailAdminTemplateMixin, TemplateView):
    """An account's resident status and history, with the desk check and revocation forms."""

    template_name = "consultations/admin/residents/account.html"
    desk_form = None
    revoke_form = None

    @cached_property
    def account(self):
        return get_object_or_404(User.objects.filter(deleted_at__isnull=True), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.account.email

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(DESK_URL_NAME), "label": self.get_page_title()},
            {"url": "", "label": self.account.email},
        ]

    def get_context_data(self, **kwargs):
        account = self.account
        desk_form = self.desk_form or DeskCheckForm(
            initial={
                "postcode": account.postcode,
                "neighbourhood": Neighbourhood.objects.filter(name=account.neighbourhood).first(),
            }
        )
        return super().get_context_data(
            account=account,
            desk_form=desk_form,
            revoke_form=self.revoke_form or RevokeForm(),
            events=list(account.resident_verification_events.select_related("actor")[:20]),
            is_own_account=account.pk == self.request.user.pk,
            **kwargs,
        )


class AccountVerifyView(AccountView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = DeskCheckForm(request.POST)
        if form.is_valid():
            try:
                verify_at_desk(
                    self.account,
                    staff=request.user,
                    postcode=form.cleaned_data["postcode"],
                    neighbourhood=form.cleaned_data["neighbourhood"] or "",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The account is now a verified resident."))
                return redirect(ACCOUNT_URL_NAME, pk=self.account.pk)
        self.desk_form = form
        return self.render_to_response(self.get_context_data())


class AccountRevokeView(AccountView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                revoke_verification(
                    self.account, staff=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The resident status has been revoked."))
                return redirect(ACCOUNT_URL_NAME, pk=self.account.pk)
        self.revoke_form = form
        return self.render_to_response(self.get_context_data())
