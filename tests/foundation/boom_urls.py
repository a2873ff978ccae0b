"""The site's URLs plus a page that always fails, for the 500 page test."""

from django.urls import path

from tracker.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
