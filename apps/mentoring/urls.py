from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("mentors/", views.mentors, name="mentors"),
    path("mentors/invite/", views.invite, name="invite"),
    path("mentors/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("mentors/<int:pk>/sharing/", views.sharing, name="sharing"),
    path("mentorships/<int:pk>/end/", views.end, name="end"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("mentor/", views.inbox, name="inbox"),
    path("mentor/profile/", views.profile, name="profile"),
    path("mentor/mentees.csv", views.cohort_export, name="cohort_export"),
    path("mentor/mentees/<int:learner_id>/", views.mentee, name="mentee"),
    path(
        "mentor/mentees/<int:learner_id>/items/<str:key>/review/",
        views.item_review,
        name="item_review",
    ),
    path("mentor/mentees/<int:learner_id>/export.csv", views.mentee_export, name="mentee_export"),
    path("reviews/request/", views.review_request, name="review_request"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("email/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
