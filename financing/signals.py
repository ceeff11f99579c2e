"""django-payments tells us of every payment's status change, whichever way it came (the
provider's callback, its return page, a capture or a release): the pledge follows its payment."""

from payments.signals import status_changed

from .models import Payment


def _pledge_follows_payment(sender, instance, **kwargs):
    from .services.pledges import follow_payment

    follow_payment(instance)


def connect():
    from .services import review

    review.connect()
    status_changed.connect(_pledge_follows_payment, sender=Payment, dispatch_uid="financing_pledge_follows_payment")
