from django.urls import path

from publicview import views

app_name = "publicview"
urlpatterns = [
    path("verify/", views.verify, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("results/", views.results_index, name="results_index"),
    path("results/<int:pk>/", views.results, name="results"),
    path("results/<int:pk>/results.csv", views.results_csv, name="results_csv"),
    path("results/campaigns/<int:pk>/settings/", views.results_settings, name="settings"),
    path("hall/<str:token>/", views.hall_screen, name="hall"),
    path("hall/<str:token>/live/", views.hall_screen_live, name="hall_live"),
    path("hall/conference/<int:pk>/link/", views.hall_link, name="hall_link"),
]
