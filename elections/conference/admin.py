"""Read-mostly admin of election-day records: changes go through the services (and the audit log)."""

from django.contrib import admin

from elections.conference.models import Attendance, Conference, CountBoardMember, Elector, TeamDecision, TeamMember


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TeamDecision)
class TeamDecisionAdmin(ReadOnlyAdmin):
    list_display = ["group_election", "number", "signed_on", "signer_name"]
    list_select_related = ["group_election__group", "group_election__campaign"]


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "role", "group_election", "affiliation", "user"]
    list_filter = ["role"]
    search_fields = ["full_name"]
    list_select_related = ["group_election__group", "group_election__campaign", "user"]


@admin.register(Conference)
class ConferenceAdmin(ReadOnlyAdmin):
    list_display = ["group_election", "sequence", "scheduled_at", "status", "voting_method", "present_at_vote"]
    list_filter = ["status", "voting_method"]
    list_select_related = ["group_election__group", "group_election__campaign"]


@admin.register(CountBoardMember)
class CountBoardMemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "role", "conference", "user"]
    list_select_related = ["conference__group_election__group", "user"]


@admin.register(Elector)
class ElectorAdmin(ReadOnlyAdmin):
    list_display = ["number", "full_name", "household_number", "group_election"]
    search_fields = ["name_folded", "household_number"]
    list_select_related = ["group_election__group", "group_election__campaign"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["elector", "conference", "checked_in_at", "checked_in_by"]
    list_select_related = ["elector", "conference__group_election__group", "checked_in_by"]
