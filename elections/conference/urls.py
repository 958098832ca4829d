from django.urls import path  # noqa: F401

from elections.conference.views.count_urls import urlpatterns as count_urlpatterns

app_name = "conference"
urlpatterns: list = [*count_urlpatterns]
