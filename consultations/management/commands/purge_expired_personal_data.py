from django.core.management.base import BaseCommand

from consultations.ratelimits import forget_expired
from consultations.services.retention import (
    erase_inactive_accounts,
    purge_login_history,
    warn_inactive_accounts,
)


class Command(BaseCommand):
    help = "Apply the retention periods of the privacy policy (run daily)."

    def handle(self, *args, **options):
        purged = purge_login_history()
        warned = warn_inactive_accounts()
        erased = erase_inactive_accounts()
        counts = forget_expired()
        self.stdout.write(
            f"Sign-ins purged: {purged}; inactive accounts warned: {warned}; erased: {erased}; "
            f"expired rate counts dropped: {counts}"
        )
