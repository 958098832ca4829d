from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "ward", "party_cell", "group", "is_active"]
    list_filter = ["role", "ward", "is_active"]
    search_fields = ["username", "full_name"]
    filter_horizontal = ["assigned_groups", "groups", "user_permissions"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Role and jurisdiction"),
            {"fields": ("full_name", "position", "role", "ward", "party_cell", "group", "assigned_groups")},
        ),
    )
