from django.http import HttpRequest

from .roles import is_editor, role_of


def roles(request: HttpRequest) -> dict:
    """Expose the user's role to templates so navigation shows only what the user may use."""
    user = getattr(request, "user", None)
    return {"user_role": role_of(user), "user_is_editor": bool(user and is_editor(user))}
