from accounts.access import PERMISSIONS, can


class _UserCan:
    """In templates: `{% if user_can.nominate %}` - may the user do this action at all?"""

    def __init__(self, user):
        self._user = user

    def __getattr__(self, action: str) -> bool:
        if action not in PERMISSIONS:
            raise AttributeError(action)
        return can(self._user, action)


def access(request):
    return {"user_can": _UserCan(getattr(request, "user", None))}
