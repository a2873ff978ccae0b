from django.contrib import admin

from .models import Actor, Alias


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ("text", "kind")


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "role", "affiliation", "is_confirmed")
    list_filter = ("kind", "is_confirmed", "gender")
    search_fields = ("name", "slug", "role", "aliases__text", "external_id")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("affiliation",)
    list_select_related = ("affiliation",)
    inlines = [AliasInline]


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ("text", "actor", "kind", "normalized")
    list_filter = ("kind",)
    search_fields = ("text", "normalized", "actor__name")
    autocomplete_fields = ("actor",)
    list_select_related = ("actor",)
