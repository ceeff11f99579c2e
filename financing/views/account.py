"""« Mes contributions financières »: a backer's pledges, their receipts and their loans."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .. import permissions
from ..my_pledges import STATUS_IN_WORDS, loan_positions, pledges_of, receipt_reference
from .pledges import backers_pledge

PLEDGES_PER_PAGE = 20


@login_required
def my_pledges(request):
    page = Paginator(pledges_of(request.user), PLEDGES_PER_PAGE).get_page(request.GET.get("page"))
    pledges = list(page)
    positions = loan_positions(pledges)
    rows = [
        {
            "pledge": pledge,
            "status": STATUS_IN_WORDS[pledge.status],
            "can_cancel": bool(permissions.can_cancel_pledge(request.user, pledge)),
            "loan": positions.get(pledge.pk),
        }
        for pledge in pledges
    ]
    # The campaigns the user holds, with their dashboards, are in « Mes campagnes » (views/campaigns.py).
    return render(request, "financing/account/my_pledges.html", {"pledges_page": page, "rows": rows})


@login_required
def pledge_receipt(request, pk):
    found = backers_pledge(request, pk)
    return render(
        request, "financing/pledge_receipt.html",
        {
            "pledge": found, "campaign": found.campaign, "reference": receipt_reference(found),
            "status": STATUS_IN_WORDS[found.status],
        },
    )
