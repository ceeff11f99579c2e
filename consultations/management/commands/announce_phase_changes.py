from django.core.management.base import BaseCommand

from consultations.services.notifications import announce_phase_changes


class Command(BaseCommand):
    help = "Email followers when a consultation enters a new phase (run every few minutes)."

    def handle(self, *args, **options):
        notices = announce_phase_changes()
        emails = sum(notice.recipient_count for notice in notices)
        self.stdout.write(f"Phases announced: {len(notices)}; emails queued: {emails}")
