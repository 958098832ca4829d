"""Django admin for the ward register (system administrators)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from residents.models import Household, LeaderTerm, PartyCell, Resident, ResidentialGroup, Ward


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "district", "province", "is_sample"]
    list_filter = ["is_sample", "province"]
    search_fields = ["name", "district", "province"]


@admin.register(PartyCell)
class PartyCellAdmin(admin.ModelAdmin):
    list_display = ["name", "ward", "secretary"]
    list_filter = ["ward"]
    list_select_related = ["ward", "secretary"]
    search_fields = ["name", "secretary__full_name"]
    raw_id_fields = ["secretary"]


class LeaderTermInline(admin.TabularInline):
    model = LeaderTerm
    extra = 0
    raw_id_fields = ["resident"]


@admin.register(ResidentialGroup)
class ResidentialGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "ward", "party_cell", "household_count"]
    list_display_links = ["code", "name"]
    list_filter = ["ward", "party_cell"]
    list_select_related = ["ward", "party_cell"]
    search_fields = ["code", "name", "area_notes"]
    inlines = [LeaderTermInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_household_count=Count("households"))

    @admin.display(description=_("households"), ordering="_household_count")
    def household_count(self, obj):
        return obj._household_count


class ResidentInline(admin.TabularInline):
    model = Resident
    extra = 0
    fields = ["full_name", "birth_date", "gender", "identity_number", "residence_status", "is_party_member"]
    show_change_link = True


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["number", "group", "address", "head"]
    list_filter = ["group__ward", "group"]
    list_select_related = ["group", "head"]
    search_fields = ["number", "address", "head__full_name"]
    raw_id_fields = ["head"]
    inlines = [ResidentInline]


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["full_name", "birth_date", "gender", "household", "group", "residence_status", "is_party_member"]
    list_filter = ["residence_status", "gender", "is_party_member", "household__group__ward", "household__group"]
    list_select_related = ["household__group"]
    search_fields = ["full_name", "identity_number", "household__number"]
    raw_id_fields = ["household"]
    date_hierarchy = "birth_date"

    @admin.display(description=_("residential group"), ordering="household__group__code")
    def group(self, obj):
        return obj.household.group


@admin.register(LeaderTerm)
class LeaderTermAdmin(admin.ModelAdmin):
    list_display = ["full_name", "term_label", "group", "start_date", "end_date", "was_party_member"]
    list_filter = ["term_label", "was_party_member", "group__ward"]
    list_select_related = ["group"]
    search_fields = ["full_name", "group__name"]
    raw_id_fields = ["resident"]
