"""Read-only admin views: every change to election records goes through the product's audited services."""

from django.contrib import admin

from elections.models import (
    Campaign,
    DifficultyReport,
    DifficultyResponse,
    Directive,
    DirectiveTask,
    DirectiveTaskProgress,
    GroupElection,
    LegalProfile,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LegalProfile)
class LegalProfileAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "decision_authority"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["ward", "label", "election_day", "legal_profile", "is_current"]
    list_filter = ["ward", "is_current"]


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdmin):
    list_display = ["number", "issued_on", "issuing_body", "campaign"]


@admin.register(DirectiveTask)
class DirectiveTaskAdmin(ReadOnlyAdmin):
    list_display = ["directive", "number", "summary", "due_date", "status"]


@admin.register(DirectiveTaskProgress)
class DirectiveTaskProgressAdmin(ReadOnlyAdmin):
    list_display = ["task", "author", "at", "status_after"]


@admin.register(GroupElection)
class GroupElectionAdmin(ReadOnlyAdmin):
    list_display = ["group", "campaign", "stage", "official_in_charge", "planned_at"]
    list_filter = ["campaign", "stage"]


@admin.register(DifficultyReport)
class DifficultyReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "group", "reported_by", "reported_at", "status"]


@admin.register(DifficultyResponse)
class DifficultyResponseAdmin(ReadOnlyAdmin):
    list_display = ["report", "author", "at", "status_after"]
