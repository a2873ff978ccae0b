from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sources.urls import ingest_urlpatterns
from tracker.api_urls import docs_urlpatterns

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("articles/", include("sources.urls")),
    path("ingest/", include(ingest_urlpatterns)),
    path("review/", include("claims.urls")),
    path("propositions/", include("claims.analyst_urls")),
    path("", include("claims.explore_urls")),
    path("api/v1/", include(("tracker.api_urls", "api"), namespace="api")),
    path("api/", include(docs_urlpatterns)),
    path("actors/", include("actors.urls")),
]
