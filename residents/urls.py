from django.urls import path

from residents import views
from residents.roll.urls import urlpatterns as roll_urlpatterns

app_name = "residents"
urlpatterns: list = [
    path("", views.ward_overview, name="ward_overview"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/voter-list.pdf", views.voter_list_pdf, name="voter_list_pdf"),
    path("groups/<int:pk>/sign-in-sheet.pdf", views.signin_sheet_pdf, name="signin_sheet_pdf"),
    path("cells/", views.cell_list, name="cell_list"),
    path("cells/<int:pk>/", views.cell_detail, name="cell_detail"),
    *roll_urlpatterns,
]
