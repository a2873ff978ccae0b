from django.urls import path

from . import views

app_name = "actors"
urlpatterns = [
    path("", views.actor_index, name="actor-list"),
    path("<slug:slug>/", views.actor_page, name="actor-detail"),
]
