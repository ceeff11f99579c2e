"""The campaign page's form in the Wagtail admin: editors meet the same loan-schedule rule as the
citizens' form (CampaignPage.clean_loan_schedule), on the rows as they are being edited."""

from wagtail.admin.forms import WagtailAdminPageForm


class CampaignPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        rows = self.formsets.get("loan_instalments")
        if rows is None or not rows.is_valid():
            return cleaned
        kept = [row.instance for row in rows.forms if row.cleaned_data and not row.cleaned_data.get("DELETE")]
        probe = type(self.instance)(category=cleaned.get("category"))
        if (problem := probe.clean_loan_schedule(kept)) is not None:
            self.add_error(None, problem)
        return cleaned
