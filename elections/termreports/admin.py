"""Read-only admin: every change to a term report goes through the services (audited)."""

from django.contrib import admin

from elections.termreports.models import TermReport, TermReportStep


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TermReportStepInline(admin.TabularInline):
    model = TermReportStep
    extra = 0
    fields = ["at", "kind", "from_status", "to_status", "actor", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TermReport)
class TermReportAdmin(ReadOnlyAdmin):
    list_display = ["group_election", "term_label", "status", "leader_name", "submitted_at", "accepted_at"]
    list_filter = ["status", "group_election__campaign"]
    search_fields = ["leader_name", "group_election__group__name"]
    list_select_related = ["group_election__group", "group_election__campaign"]
    inlines = [TermReportStepInline]
