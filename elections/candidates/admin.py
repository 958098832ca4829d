"""Read-only admin: records change only through the services (and the audit log)."""

from django.contrib import admin

from elections.candidates.models import (
    Attestation,
    Candidate,
    CandidateListFreeze,
    Complaint,
    ComplaintAttachment,
    ConsultationMeeting,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ["resident", "group_election", "source", "status"]
    list_filter = ["status", "source"]
    search_fields = ["resident__full_name"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["candidate", "kind", "received_on", "handler", "status", "due_on"]
    list_filter = ["status", "handler", "kind"]
    exclude = ["complainant_name", "complainant_contact"]


admin.site.register(ConsultationMeeting, ReadOnlyAdmin)
admin.site.register(Attestation, ReadOnlyAdmin)
admin.site.register(ComplaintAttachment, ReadOnlyAdmin)
admin.site.register(CandidateListFreeze, ReadOnlyAdmin)
