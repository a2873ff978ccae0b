"""The root URLs: each app mounts its own `urls.py`; the REST API and its docs are in `api_urls.py`."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from common.views import favicon, healthz

from .api_urls import docs_urlpatterns

handler400 = "common.views.bad_request"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
    path("", include("sources.urls")),
    path("", include("actors.urls")),
    path("", include("watches.urls")),
    path("api/v1/", include(("tracker.api_urls", "api"), namespace="api")),
    path("api/", include(docs_urlpatterns)),
]
