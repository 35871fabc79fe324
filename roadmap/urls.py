from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.core.urls")),
    path("roadmap/", include("apps.curriculum.urls")),
    path("admin/", admin.site.urls),
]
