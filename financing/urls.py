from django.urls import path

from .views import campaigns, pledges

app_name = "financing"

urlpatterns = [
    path("financement/campagnes/<int:campaign_id>/contribuer/", pledges.pledge_create, name="pledge_create"),
    path("financement/contributions/<int:pk>/paiement/", pledges.pledge_payment, name="pledge_payment"),
    path("financement/contributions/<int:pk>/merci/", pledges.pledge_payment_done, name="pledge_payment_done"),
    path("financement/contributions/<int:pk>/annuler/", pledges.pledge_cancel, name="pledge_cancel"),
    path("financement/proposer/", campaigns.campaign_propose, name="campaign_propose"),
    path("financement/campagnes/<int:campaign_id>/modifier/", campaigns.campaign_edit, name="campaign_edit"),
    path("financement/campagnes/<int:campaign_id>/cloturer/", campaigns.campaign_fulfil, name="campaign_fulfil"),
    path("accounts/campaigns/", campaigns.my_campaigns, name="my_campaigns"),
]
