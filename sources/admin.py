from django.contrib import admin

from .models import Article, Feed, IngestJob, Outlet


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "country", "kind")
    list_filter = ("kind", "country")
    search_fields = ("name", "domain")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = (
        "url",
        "outlet",
        "poll_interval_minutes",
        "last_polled_at",
        "next_poll_at",
        "last_status",
        "is_active",
    )
    readonly_fields = ("etag", "last_modified", "last_polled_at", "last_status", "last_error")
    list_filter = ("is_active", "outlet")
    search_fields = ("url", "title")
    list_select_related = ("outlet",)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("display_title", "outlet", "published_at", "status", "language", "extractor_version")
    list_filter = ("status", "outlet", "language", "published_source")
    search_fields = ("title", "url", "text", "filename")
    date_hierarchy = "published_at"
    list_select_related = ("outlet",)
    raw_id_fields = ("duplicate_of",)
    readonly_fields = ("content_hash", "created_at", "updated_at", "extracted_at")


@admin.register(IngestJob)
class IngestJobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "state", "stage", "url", "filename", "attempts", "note", "created_at")
    list_filter = ("kind", "state")
    search_fields = ("url", "filename", "error", "note")
    readonly_fields = (
        "queued_at",
        "started_at",
        "finished_at",
        "lease_expires_at",
        "next_attempt_at",
        "attempts",
    )
    list_select_related = ("article",)
    raw_id_fields = ("article", "feed")
