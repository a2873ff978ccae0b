from django.urls import path

from . import analyst_views as views

app_name = "propositions"
urlpatterns = [
    path("", views.proposition_index, name="list"),
    path("<slug:slug>/", views.proposition_page, name="detail"),
]
