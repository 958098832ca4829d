from django.contrib import admin

from verification.models import PaperFingerprint


@admin.register(PaperFingerprint)
class PaperFingerprintAdmin(admin.ModelAdmin):
    list_display = ("fingerprint", "kind", "group", "paper_date", "issued_at", "superseded_at")
    list_filter = ("kind",)
    search_fields = ("fingerprint",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
