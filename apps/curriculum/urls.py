from django.urls import path

from . import views

app_name = "curriculum"

urlpatterns = [
    path("", views.roadmap, name="roadmap"),
    path("specializations/", views.specializations, name="specializations"),
    path("<slug:slug>/", views.page, name="page"),
]
