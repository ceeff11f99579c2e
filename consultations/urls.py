from django.urls import path

from .views import account, verification

app_name = "consultations"

urlpatterns = [
    path("accounts/profile/", account.account_profile, name="account_profile"),
    path("accounts/my-data/", account.account_data, name="account_data"),
    path("accounts/my-data/download/", account.account_data_download, name="account_data_download"),
    path("accounts/delete/", account.account_delete, name="account_delete"),
    path("accounts/resident-code/", verification.resident_code_redeem, name="resident_code_redeem"),
]
