from django.urls import path

from .views import (
    account,
    appeals,
    ballots,
    comments,
    consultation,
    notifications,
    opinions,
    proposals,
    reports,
    search,
    verification,
)

app_name = "consultations"

urlpatterns = [
    path("accounts/profile/", account.account_profile, name="account_profile"),
    path("accounts/contributions/", account.account_contributions, name="account_contributions"),
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
    # Proposals
    path("consultations/<int:consultation_id>/propositions/", proposals.proposal_list, name="proposal_list"),
    path("consultations/<int:consultation_id>/propositions/nouvelle/", proposals.proposal_create, name="proposal_create"),
    path("consultations/<int:consultation_id>/propositions/proches/", proposals.proposal_similar, name="proposal_similar"),
    path("propositions/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("propositions/<int:pk>/modifier/", proposals.proposal_edit, name="proposal_edit"),
    path("propositions/<int:pk>/retirer/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("propositions/<int:pk>/soutien/", proposals.proposal_support, name="proposal_support"),
    # Comments
    path("commentaires/<str:target>/<int:target_id>/", comments.comment_create, name="comment_create"),
    path("commentaires/<int:pk>/modifier/", comments.comment_edit, name="comment_edit"),
    path("commentaires/<int:pk>/supprimer/", comments.comment_delete, name="comment_delete"),
    path("commentaires/<int:pk>/utile/", comments.comment_upvote, name="comment_upvote"),
    # Reports to the moderators
    path("signaler/<str:kind>/<int:pk>/", reports.report_contribution, name="report"),
    # An author's appeal against a moderation decision
    path("contester/<str:kind>/<int:pk>/", appeals.contribution_contest, name="contribution_contest"),
    path("resoumettre/<str:kind>/<int:pk>/", appeals.contribution_resubmit, name="contribution_resubmit"),
    # Votes
    path("consultations/<int:consultation_id>/vote/", ballots.ballot, name="ballot"),
    path("consultations/<int:consultation_id>/resultats/", ballots.results, name="results"),
    path("bulletin/verifier/", ballots.receipt_check, name="receipt_check"),
    # Opinion rounds
    path("consultations/<int:consultation_id>/avis/<int:round_id>/", opinions.opinion_round_page, name="opinion_round"),
    path("consultations/<int:consultation_id>/avis/<int:round_id>/repondre/", opinions.statement_vote, name="statement_vote"),
    path("consultations/<int:consultation_id>/avis/<int:round_id>/mes-reponses/", opinions.opinion_answers, name="opinion_answers"),
    path("consultations/<int:consultation_id>/avis/<int:round_id>/proposer/", opinions.statement_propose, name="statement_propose"),
    # Search
    path("recherche/", search.site_search, name="site_search"),
    # Calendar
    path("consultations/<int:consultation_id>/echeance.ics", consultation.deadline_ics, name="deadline_ics"),
    # Open data
    path("consultations/<int:consultation_id>/donnees-ouvertes.zip", consultation.open_data, name="open_data"),
]
