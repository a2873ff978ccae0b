from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

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
from .services import record_outside_change, record_outside_deletion, stored_before
from .services.review import Before


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

    # An administrator's change keeps what the services keep (the stances' speaker, the maintained
    # positions, the version, the audit trail): the statement as stored before the form is written is
    # kept on the request, and once its stances are saved too the change is recorded like an edit.
    def save_model(self, request: HttpRequest, obj: Statement, form: Any, change: bool) -> None:
        request._statement_before = stored_before(statement_id=obj.pk) if change else Before({})  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        before: Before = request._statement_before  # type: ignore[attr-defined]
        record_outside_change(statement_id=form.instance.pk, user=request.user, before=before)

    def delete_model(self, request: HttpRequest, obj: Statement) -> None:
        before = stored_before(statement_id=obj.pk)
        super().delete_model(request, obj)
        record_outside_deletion(before=before)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        for statement in queryset:
            self.delete_model(request, statement)

    @admin.display(description="text")
    def short_text(self, obj: Statement) -> str:
        return obj.text[:90]


@admin.register(Proposition)
class PropositionAdmin(ReadOnlyAdmin):
    """Read-only here: propositions are created, edited and archived on the tracker's own pages, whose
    service checks the phrases and titles and re-suggests stances on the statements already stored (a
    save here would do neither)."""

    list_display = ("title", "slug", "kind", "is_active", "manage")
    list_filter = ("kind", "is_active")
    search_fields = ("title", "slug", "description")  # the stance inline's autocomplete reads them

    @admin.display(description="manage")
    def manage(self, obj: Proposition) -> str:
        return format_html(
            '<a href="{}">edit in the tracker</a>', reverse("propositions:edit", args=[obj.slug])
        )


@admin.register(Stance)
class StanceAdmin(admin.ModelAdmin):
    list_display = ("statement", "proposition", "polarity", "origin", "is_confirmed")
    list_filter = ("polarity", "origin", "is_confirmed", "proposition")
    search_fields = ("statement__text", "proposition__title")
    list_select_related = ("statement", "statement__speaker", "proposition")
    raw_id_fields = ("statement",)

    # As for statements: a stance changed here is recorded on its statement (and on the statement it was
    # moved from), with the positions refreshed, as a review decision would.
    def save_model(self, request: HttpRequest, obj: Stance, form: Any, change: bool) -> None:
        stored = (
            Stance.objects.filter(pk=obj.pk).values_list("statement_id", flat=True).first()
            if change
            else None
        )
        touched = {obj.statement_id, stored} - {None}
        befores = {pk: stored_before(statement_id=pk) for pk in touched}
        super().save_model(request, obj, form, change)
        for pk, before in befores.items():
            record_outside_change(statement_id=pk, user=request.user, before=before)

    def delete_model(self, request: HttpRequest, obj: Stance) -> None:
        before = stored_before(statement_id=obj.statement_id)
        super().delete_model(request, obj)
        record_outside_change(statement_id=obj.statement_id, user=request.user, before=before)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Stance]) -> None:
        for stance in queryset:
            self.delete_model(request, stance)


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
