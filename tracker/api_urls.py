"""The REST API, version 1, and its OpenAPI schema and docs. DRF authenticates (token or session) and
answers 401/403 itself, so the site-wide login redirect must not apply here (a token-only client
would be sent to /login/): every view is marked login_not_required, and the schema and docs need an
analyst like the rest of the API (drf-spectacular serves them to anyone by default)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.renderers import JSONRenderer
from rest_framework.routers import DefaultRouter

from actors.api import ActorViewSet
from claims.api import PropositionViewSet, StatementViewSet
from common.api import not_found
from common.permissions import IsAnalyst
from sources.api import ArticleViewSet, FeedViewSet, IngestViewSet, JobViewSet, OutletViewSet
from watches.api import NotificationViewSet, WatchViewSet, WebhookViewSet

router = DefaultRouter()
router.register("actors", ActorViewSet, basename="actor")
router.register("propositions", PropositionViewSet, basename="proposition")
router.register("statements", StatementViewSet, basename="statement")
router.register("articles", ArticleViewSet, basename="article")
router.register("outlets", OutletViewSet, basename="outlet")
router.register("feeds", FeedViewSet, basename="feed")
router.register("jobs", JobViewSet, basename="job")
router.register("ingest", IngestViewSet, basename="ingest")
router.register("watches", WatchViewSet, basename="watch")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("webhooks", WebhookViewSet, basename="webhook")

urlpatterns = router.urls
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)
urlpatterns.append(re_path(r"^.*$", not_found, name="not-found"))  # last: only what nothing else matched


def _docs(view, **kwargs):
    """Like the API: readable by analysts (and up) only. The HTML docs also answer JSON, so an
    anonymous `Accept: application/json` client gets the usual error body."""
    return login_not_required(view.as_view(permission_classes=[IsAnalyst], **kwargs))


docs_urlpatterns = [
    path("schema/", _docs(SpectacularAPIView), name="schema"),
    path(
        "docs/",
        _docs(
            SpectacularSwaggerView,
            url_name="schema",
            renderer_classes=[*SpectacularSwaggerView.renderer_classes, JSONRenderer],
        ),
        name="docs",
    ),
    path(
        "redoc/",
        _docs(
            SpectacularRedocView,
            url_name="schema",
            renderer_classes=[*SpectacularRedocView.renderer_classes, JSONRenderer],
        ),
        name="redoc",
    ),
    re_path(r"^.*$", not_found),  # e.g. /api/v2/: the API's error body too
]
