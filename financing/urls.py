from django.urls import path

from .views import account, dashboard, pledges

app_name = "financing"

urlpatterns = [
    path("financement/campagnes/<int:campaign_id>/contribuer/", pledges.pledge_create, name="pledge_create"),
    path("financement/contributions/<int:pk>/paiement/", pledges.pledge_payment, name="pledge_payment"),
    path("financement/contributions/<int:pk>/merci/", pledges.pledge_payment_done, name="pledge_payment_done"),
    path("financement/contributions/<int:pk>/annuler/", pledges.pledge_cancel, name="pledge_cancel"),
    path("financement/contributions/<int:pk>/recu/", account.pledge_receipt, name="pledge_receipt"),
    path("financement/campagnes/<int:campaign_id>/tableau-de-bord/", dashboard.campaign_dashboard, name="campaign_dashboard"),
    path(
        "financement/campagnes/<int:campaign_id>/contributeurs.<str:fmt>", dashboard.campaign_backers_export,
        name="campaign_backers_export",
    ),
    path(
        "financement/campagnes/<int:campaign_id>/echeances/<int:instalment_id>/remboursement/",
        dashboard.instalment_repay, name="instalment_repay",
    ),
    path("accounts/financement/", account.my_pledges, name="my_pledges"),
]
