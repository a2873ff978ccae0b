"""Watches, events and deliveries for administrators to inspect (users manage their own on the site)."""

from django.contrib import admin

from common.admin import ReadOnlyAdmin

from .models import Delivery, DeliveryAttempt, Event, Notification, Watch, Webhook


@admin.register(Watch)
class WatchAdmin(ReadOnlyAdmin):
    list_display = ("user", "actor", "proposition", "kinds", "created_at")
    search_fields = ("user__username", "actor__name", "proposition__title")
    list_select_related = ("user", "actor", "proposition")


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "summary", "kinds")
    search_fields = ("summary",)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "event", "read_at")
    search_fields = ("user__username", "event__summary")
    list_select_related = ("user", "event")


@admin.register(Webhook)
class WebhookAdmin(ReadOnlyAdmin):
    list_display = ("url", "user", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "user__username")
    list_select_related = ("user",)
    exclude = ("secret",)


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("at", "status_code", "error", "duration_ms")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "user", "state", "attempts", "status_code")
    list_filter = ("state", "channel")
    search_fields = ("key", "user__username", "error")
    list_select_related = ("user",)
    inlines = [DeliveryAttemptInline]
