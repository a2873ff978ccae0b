from django.urls import path

from . import explore_views as views

app_name = "explore"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("statements/export.<str:fmt>", views.export_statements, name="export"),
    path("compare/", views.compare_page, name="compare"),
]
