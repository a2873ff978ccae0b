from django.contrib import admin

from common.admin import ReadOnlyAdmin

from .models import (
    ActorPosition,
    PositionChange,
    Proposition,
    ReviewEvent,
    Stance,
    Statement,
    StatementCluster,
)


class StanceInline(admin.TabularInline):
    model = Stance
    extra = 0
    autocomplete_fields = ("proposition",)
    readonly_fields = ("confirmed_by",)


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ("short_text", "speaker", "kind", "said_on", "status", "confidence", "article")
    list_filter = ("status", "kind", "date_precision", "article__outlet")
    search_fields = ("text", "speaker__name", "speaker_mention", "cue")
    list_select_related = ("speaker", "article")
    autocomplete_fields = ("speaker", "via")
    raw_id_fields = ("article", "cluster")
    readonly_fields = (
        "version",
        "extractor_version",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
    )
    inlines = [StanceInline]

    @admin.display(description="text")
    def short_text(self, obj: Statement) -> str:
        return obj.text[:90]


@admin.register(Proposition)
class PropositionAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("title", "slug", "description")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Stance)
class StanceAdmin(admin.ModelAdmin):
    list_display = ("statement", "proposition", "polarity", "origin", "is_confirmed")
    list_filter = ("polarity", "origin", "is_confirmed", "proposition")
    search_fields = ("statement__text", "proposition__title")
    list_select_related = ("statement", "statement__speaker", "proposition")
    raw_id_fields = ("statement",)


@admin.register(StatementCluster)
class StatementClusterAdmin(admin.ModelAdmin):
    list_display = ("text", "speaker", "created_at")
    list_filter = ("speaker__kind",)
    search_fields = ("text", "speaker__name")
    list_select_related = ("speaker",)


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is never edited, not even by administrators."""

    list_display = ("created_at", "user", "action", "statement")
    list_filter = ("action", "user")
    search_fields = ("statement__text", "reason", "user__username")
    list_select_related = ("user", "statement")


@admin.register(ActorPosition)
class ActorPositionAdmin(ReadOnlyAdmin):
    """Maintained by claims.services.positions in each review decision; `manage.py positions --fix` mends it."""

    list_display = ("actor", "proposition", "polarity", "since", "latest_on", "stances", "changes")
    list_filter = ("polarity", "proposition")
    search_fields = ("actor__name", "proposition__title")
    list_select_related = ("actor", "proposition")


@admin.register(PositionChange)
class PositionChangeAdmin(ReadOnlyAdmin):
    list_display = ("changed_on", "actor", "proposition", "before_polarity", "after_polarity")
    list_filter = ("after_polarity", "proposition")
    search_fields = ("actor__name", "proposition__title")
    list_select_related = ("actor", "proposition")
