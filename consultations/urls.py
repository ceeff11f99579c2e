from django.urls import path

from .views import account, notifications, verification

app_name = "consultations"

urlpatterns = [
    path("accounts/profile/", account.account_profile, name="account_profile"),
    path("accounts/my-data/", account.account_data, name="account_data"),
    path("accounts/my-data/download/", account.account_data_download, name="account_data_download"),
    path("accounts/delete/", account.account_delete, name="account_delete"),
    path("accounts/resident-code/", verification.resident_code_redeem, name="resident_code_redeem"),
    # Follows and notifications
    path("consultations/<int:consultation_id>/suivre/", notifications.consultation_follow, name="consultation_follow"),
    path("consultations/<int:consultation_id>/ne-plus-suivre/", notifications.consultation_unfollow, name="consultation_unfollow"),
    path("propositions/<int:pk>/suivre/", notifications.proposal_follow, name="proposal_follow"),
    path("propositions/<int:pk>/ne-plus-suivre/", notifications.proposal_unfollow, name="proposal_unfollow"),
    path("accounts/notifications/", notifications.account_notifications, name="account_notifications"),
    path("notifications/unsubscribe/<str:token>/", notifications.notifications_unsubscribe, name="notifications_unsubscribe"),
]
