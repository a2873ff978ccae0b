"""The REST API, version 1, and its OpenAPI schema and docs. DRF authenticates (token or session) and
answers 401/403 itself, so the site-wide login redirect does not apply here."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from actors.api import ActorViewSet
from claims.api import PropositionViewSet, StatementViewSet
from sources.api import ArticleViewSet, FeedViewSet, IngestViewSet, JobViewSet, OutletViewSet

router = DefaultRouter()
router.register("actors", ActorViewSet, basename="actor")
router.register("propositions", PropositionViewSet, basename="proposition")
router.register("statements", StatementViewSet, basename="statement")
router.register("articles", ArticleViewSet, basename="article")
router.register("outlets", OutletViewSet, basename="outlet")
router.register("feeds", FeedViewSet, basename="feed")
router.register("jobs", JobViewSet, basename="job")
router.register("ingest", IngestViewSet, basename="ingest")

urlpatterns = router.urls
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

docs_urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
