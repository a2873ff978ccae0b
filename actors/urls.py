from django.urls import include, path

from . import views

actor_patterns = [
    path("", views.actor_index, name="actor-list"),
    path("<slug:slug>/", views.actor_page, name="actor-detail"),
]

urlpatterns = [
    path("actors/", include((actor_patterns, "actors"))),
]
