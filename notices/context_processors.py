from django.utils.functional import SimpleLazyObject

from notices.selectors import unread_count


def unread(request):
    """`unread_notices` for the navbar badge; counted only when a page shows it."""
    user = getattr(request, "user", None)
    return {"unread_notices": SimpleLazyObject(lambda: unread_count(user))}
