from django.http import HttpRequest

from .roles import is_editor, role_of


def roles(request: HttpRequest) -> dict:
    """Expose the user's role to templates so navigation shows only what the user may use."""
    user = getattr(request, "user", None)
    if user is None:  # a request that never went through the auth middleware (e.g. a 500 page)
        return {"user_role": None, "user_is_editor": False}
    return {"user_role": role_of(user), "user_is_editor": is_editor(user)}
