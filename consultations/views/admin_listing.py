"""The listing every participation admin screen uses: Wagtail's own, with exports that a
spreadsheet cannot misread (consultations/exports.py)."""

import datetime

from django.utils import translation
from wagtail.admin.views import generic

from .. import exports


class ParticipationIndexView(generic.IndexView):
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        datetime.datetime: {
            generic.IndexView.FORMAT_CSV: exports.local_datetime_text,
            generic.IndexView.FORMAT_XLSX: exports.local_datetime_cell,
        },
    }

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        # The XLSX writer already stores formula-like text as text; CSV has no cell types.
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return exports.spreadsheet_safe(value)
        return value

    def stream_csv(self, queryset):
        # The rows are written while the response streams, after the admin has switched back
        # from the staff member's language: the headings and labels must stay in theirs, as in
        # the XLSX file and on the screen.
        language = translation.get_language()
        rows = super().stream_csv(queryset)

        def rows_in_language():
            with translation.override(language):
                yield from rows

        return rows_in_language()
