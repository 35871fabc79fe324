from django.urls import path

from . import views

app_name = "checklists"

urlpatterns = [
    path("progress/", views.overview, name="overview"),
    path("progress/items/<slug:key>/", views.item, name="item"),
    path("progress/pages/<slug:slug>/read/", views.page_read, name="page_read"),
    path("progress/phases/<slug:key>/ready/", views.phase_ready, name="phase_ready"),
    path("progress/reset/", views.reset, name="reset"),
    path("bookmarks/", views.bookmarks, name="bookmarks"),
    path("bookmarks/toggle/", views.bookmark, name="bookmark"),
    path("check-ins/", views.check_ins, name="check_ins"),
    path("profile/export.json", views.export_json, name="export_json"),
    path("profile/export.csv", views.export_csv, name="export_csv"),
]
