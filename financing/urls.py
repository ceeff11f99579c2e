from django.urls import path

from .views import account, campaigns, dashboard, interest, pledges, updates

app_name = "financing"

urlpatterns = [
    path("financement/campagnes/<int:campaign_id>/contribuer/", pledges.pledge_create, name="pledge_create"),
    path("financement/campagnes/<int:campaign_id>/suivre/", updates.campaign_follow, name="campaign_follow"),
    path("financement/campagnes/<int:campaign_id>/ne-plus-suivre/", updates.campaign_unfollow, name="campaign_unfollow"),
    path("financement/campagnes/<int:campaign_id>/nouvelles/publier/", updates.update_create, name="update_create"),
    path("financement/contributions/<int:pk>/paiement/", pledges.pledge_payment, name="pledge_payment"),
    path("financement/contributions/<int:pk>/merci/", pledges.pledge_payment_done, name="pledge_payment_done"),
    path("financement/contributions/<int:pk>/annuler/", pledges.pledge_cancel, name="pledge_cancel"),
    path("financement/campagnes/<int:campaign_id>/interet/", interest.interest_express, name="interest_express"),
    path("financement/campagnes/<int:campaign_id>/interet/retirer/", interest.interest_withdraw, name="interest_withdraw"),
    path("financement/campagnes/<int:campaign_id>/interesses.csv", interest.interest_download, name="interest_download"),
    path("financement/proposer/", campaigns.campaign_propose, name="campaign_propose"),
    path("financement/campagnes/<int:campaign_id>/modifier/", campaigns.campaign_edit, name="campaign_edit"),
    path("financement/campagnes/<int:campaign_id>/cloturer/", campaigns.campaign_fulfil, name="campaign_fulfil"),
    path("accounts/campaigns/", campaigns.my_campaigns, name="my_campaigns"),
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
