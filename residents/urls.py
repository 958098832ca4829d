from django.urls import path  # noqa: F401

from residents.roll.urls import urlpatterns as roll_urlpatterns

app_name = "residents"
urlpatterns: list = [
    *roll_urlpatterns,
]
