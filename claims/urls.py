"""Every page of the claims app. Each area keeps its own URL namespace (`review:`, `propositions:`,
`explore:`), so templates and `reverse()` name pages as before."""

from django.urls import include, path

from .views import explore, home, proposition_admin, propositions, review

review_patterns = [
    path("", review.queue_page, name="queue"),
    path("bulk/", review.bulk, name="bulk"),
    path("undo/", review.undo, name="undo"),
    path("<int:pk>/approve/", review.approve, name="approve"),
    path("<int:pk>/reject/", review.reject, name="reject"),
    path("<int:pk>/skip/", review.skip, name="skip"),
    path("<int:pk>/edit/", review.edit, name="edit"),
    path("<int:pk>/history/", review.history, name="history"),
    path("<int:pk>/stance/<int:proposition_id>/<str:action>/", review.stance, name="stance"),
    path("articles/search/", review.article_search, name="article-search"),
    path("actors/", review.unconfirmed_actors, name="actors"),
    path("actors/search/", review.actor_search, name="actor-search"),
    path("actors/<int:pk>/confirm/", review.confirm_actor, name="actor-confirm"),
    path("actors/<int:pk>/merge/", review.merge_actor, name="actor-merge"),
]

proposition_patterns = [
    path("", propositions.proposition_index, name="list"),
    path("new/", proposition_admin.create, name="create"),
    path("jobs/<int:pk>/", proposition_admin.job_progress, name="job"),
    path("jobs/<int:pk>/cancel/", proposition_admin.job_cancel, name="job-cancel"),
    path("jobs/<int:pk>/resume/", proposition_admin.job_resume, name="job-resume"),
    path("<slug:slug>/", propositions.proposition_page, name="detail"),
    path("<slug:slug>/edit/", proposition_admin.edit, name="edit"),
    path("<slug:slug>/archive/", proposition_admin.archive, name="archive"),
    path("<slug:slug>/unarchive/", proposition_admin.unarchive, name="unarchive"),
]

explore_patterns = [
    path("search/", explore.search_page, name="search"),
    path("statements/export.<str:fmt>", explore.export_statements, name="export"),
    path("compare/", explore.compare_page, name="compare"),
    path("compare/actors/", explore.compare_actor_options, name="compare-actors"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("review/", include((review_patterns, "review"))),
    path("propositions/", include((proposition_patterns, "propositions"))),
    path("", include((explore_patterns, "explore"))),
]
