"""DRF permissions mirroring the roles: analysts read, editors review and ingest, superusers administer."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .roles import is_admin, is_analyst, is_editor


class IsAnalyst(BasePermission):
    message = "This needs the analyst role (or higher)."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_analyst(request.user))


class IsEditor(BasePermission):
    message = "Only editors may do this."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_editor(request.user))


class ReadAnalystWriteAdmin(BasePermission):
    """Analysts (and up) read; only administrators change."""

    message = "Only administrators may change this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return is_analyst(user) if request.method in SAFE_METHODS else is_admin(user)


class ReadEditorWriteAdmin(ReadAnalystWriteAdmin):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return is_editor(user) if request.method in SAFE_METHODS else is_admin(user)


class ReadAnalystWriteEditor(BasePermission):
    """Analysts (and up) read; editors and administrators change (tracked propositions)."""

    message = "Only editors and administrators may change this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return is_analyst(user) if request.method in SAFE_METHODS else is_editor(user)
