from django.urls import path

from .views import pledges

app_name = "financing"

urlpatterns = [
    path("financement/campagnes/<int:campaign_id>/contribuer/", pledges.pledge_create, name="pledge_create"),
    path("financement/contributions/<int:pk>/paiement/", pledges.pledge_payment, name="pledge_payment"),
    path("financement/contributions/<int:pk>/merci/", pledges.pledge_payment_done, name="pledge_payment_done"),
    path("financement/contributions/<int:pk>/annuler/", pledges.pledge_cancel, name="pledge_cancel"),
]
