from django.urls import path

from . import views

app_name = "sources"
urlpatterns = [
    path("", views.article_index, name="article-list"),
    path("<int:pk>/", views.article_page, name="article-detail"),
]
