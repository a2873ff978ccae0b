from django.urls import path

from . import review_views as views

app_name = "review"
urlpatterns = [
    path("", views.queue_page, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("undo/", views.undo, name="undo"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/skip/", views.skip, name="skip"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/history/", views.history, name="history"),
    path("actors/", views.unconfirmed_actors, name="actors"),
    path("actors/search/", views.actor_search, name="actor-search"),
    path("actors/<int:pk>/confirm/", views.confirm_actor, name="actor-confirm"),
    path("actors/<int:pk>/merge/", views.merge_actor, name="actor-merge"),
]
