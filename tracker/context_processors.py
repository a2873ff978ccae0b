from django.http import HttpRequest

from .roles import role_of


def roles(request: HttpRequest) -> dict:
    """Expose the user's role to templates so navigation shows only what the user may use."""
    return {"user_role": role_of(request.user)}
