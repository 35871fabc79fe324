from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from apps.accounts.views import login

# The admin signs in through allauth too: rate limits and two-factor authentication apply.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Roadmap administration"
admin.site.site_title = "Roadmap admin"

urlpatterns = [
    path("", include("apps.core.urls")),
    path("", include("apps.learners.urls")),
    path("", include("apps.checklists.urls")),
    path("", include("apps.portfolio.urls")),
    path("", include("apps.mentoring.urls")),
    path("roadmap/", include("apps.curriculum.urls")),
    path("accounts/", include("apps.accounts.urls")),
    # Before allauth's own: the same sign-in, answering 429 when throttled.
    path("accounts/login/", login, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "apps.core.views.server_error"
