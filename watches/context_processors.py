from django.http import HttpRequest

from .selectors import unread_count


def notifications(request: HttpRequest) -> dict:
    """The unread count in the header of every page (one COUNT on an index)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_count(user)}
