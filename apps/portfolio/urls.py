from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("portfolio/", views.overview, name="overview"),
    path("portfolio/footprint/", views.footprint, name="footprint"),
    path("portfolio/interview/", views.interview, name="interview"),
    path("portfolio/interview/questions/<slug:key>/", views.practise, name="practise"),
    path("portfolio/interview/stories/<slug:key>/", views.story, name="story"),
    path("portfolio/projects/<int:pk>/polish/", views.polish, name="polish"),
    path("portfolio/<slug:kind>/", views.records, name="records"),
    path("portfolio/<slug:kind>/<int:pk>/", views.edit, name="edit"),
    path("portfolio/<slug:kind>/<int:pk>/delete/", views.delete, name="delete"),
    path("u/<slug:handle>/", views.public, name="public"),
]
