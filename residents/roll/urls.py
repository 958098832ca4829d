"""Included into the "residents" namespace by residents/urls.py."""

from django.urls import path

from residents.roll import views

urlpatterns: list = [
    path("groups/<int:pk>/roll/import/", views.roll_import_view, name="roll_import"),
    path("groups/<int:pk>/roll/import/confirm/", views.roll_import_confirm, name="roll_import_confirm"),
    path("roll/template.<str:file_format>", views.roll_template_view, name="roll_template"),
    path("groups/<int:pk>/roll/export.<str:file_format>", views.roll_export_view, name="roll_export"),
]
