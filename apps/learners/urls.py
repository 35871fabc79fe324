from django.urls import path

from . import views

app_name = "learners"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("onboarding/", views.onboarding, name="onboarding"),
    path("onboarding/plan/", views.onboarding_plan, name="onboarding_plan"),
    path("profile/", views.profile, name="profile"),
    path("profile/suggestion/", views.suggestion, name="suggestion"),
    path("profile/calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
