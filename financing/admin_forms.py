"""The campaign page's form in the Wagtail admin: editors meet the same loan-schedule rule as the
citizens' form (CampaignPage.clean_loan_schedule), on the rows as they are being edited; an
instalment already repaid to lenders stays as it was paid."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from .models.loans import Repayment


class CampaignPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        rows = self.formsets.get("loan_instalments")
        if rows is None or not rows.is_valid():
            return cleaned
        repaid = set()
        if self.instance.pk:
            repaid = set(
                Repayment.objects.filter(instalment__campaign_id=self.instance.pk).values_list("instalment_id", flat=True)
            )
        for row in rows.forms:
            # The row's saved instalment is its "id" field's value (modelcluster's row instance may be unsaved).
            saved = row.cleaned_data.get("id") if row.cleaned_data else None
            if saved is None or saved.pk not in repaid:
                continue
            changed = (saved.due_on, saved.percent) != (row.cleaned_data.get("due_on"), row.cleaned_data.get("percent"))
            if row.cleaned_data.get("DELETE") or changed:
                self.add_error(None, _("An instalment already repaid to the lenders can be neither removed nor changed."))
                break
        kept = [row.instance for row in rows.forms if row.cleaned_data and not row.cleaned_data.get("DELETE")]
        probe = type(self.instance)(category=cleaned.get("category"))
        if (problem := probe.clean_loan_schedule(kept)) is not None:
            self.add_error(None, problem)
        return cleaned
