from django.urls import path

from residents import register_views, views
from residents.roll.urls import urlpatterns as roll_urlpatterns

app_name = "residents"
urlpatterns: list = [
    path("", views.ward_overview, name="ward_overview"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/voter-list.pdf", views.voter_list_pdf, name="voter_list_pdf"),
    path("groups/<int:pk>/sign-in-sheet.pdf", views.signin_sheet_pdf, name="signin_sheet_pdf"),
    path("groups/<int:pk>/households/new/", register_views.household_create, name="household_create"),
    path("households/<int:pk>/", register_views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", register_views.household_edit, name="household_edit"),
    path("households/<int:pk>/residents/new/", register_views.resident_move_in, name="resident_move_in"),
    path("residents/<int:pk>/", register_views.resident_detail, name="resident_detail"),
    path("residents/<int:pk>/correct/", register_views.resident_correct, name="resident_correct"),
    path("residents/<int:pk>/leave/", register_views.resident_leave, name="resident_leave"),
    path("residents/<int:pk>/household/", register_views.resident_change_household, name="resident_change_household"),
    path("cells/", views.cell_list, name="cell_list"),
    path("cells/<int:pk>/", views.cell_detail, name="cell_detail"),
    *roll_urlpatterns,
]
