from django.shortcuts import redirect

from accounts.access import Action, can
from accounts.models import Role


def home(request):
    """Each role lands where its work is."""
    user = request.user
    if user.role == Role.ADMIN and not user.ward_id:
        return redirect("admin:index")
    if can(user, Action.VIEW_DASHBOARD):
        return redirect("reports:dashboard")
    if can(user, Action.VIEW_WARD):
        return redirect("residents:ward_overview")
    return redirect("residents:group_list")
