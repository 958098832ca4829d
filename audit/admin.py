from django.contrib import admin

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, even for the system administrator."""

    list_display = ["at", "actor", "group", "event", "object_repr"]
    list_filter = ["event", "object_type"]
    search_fields = ["object_repr", "event", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
