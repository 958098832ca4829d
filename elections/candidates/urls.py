from django.urls import path

from elections.candidates import complaint_views, views

app_name = "candidates"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("group/<int:pk>/", views.group_page, name="group"),
    path("group/<int:pk>/consultation/", views.consultation_new, name="consultation_new"),
    path("consultation/<int:pk>/minutes.pdf", views.consultation_minutes_paper, name="consultation_pdf"),
    path("group/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("group/<int:pk>/complaint/", complaint_views.complaint_new, name="complaint_new"),
    path("group/<int:pk>/candidate-list.pdf", views.candidate_list_paper, name="list_pdf"),
    path("group/<int:pk>/ballots/", views.ballots, name="ballots"),
    path("candidate/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidate/<int:pk>/attest/", views.candidate_attest, name="attest"),
    path("candidate/<int:pk>/list-change/", views.candidate_list_change, name="list_change"),
    path("candidate/<int:pk>/<slug:step>/", views.candidate_status, name="status"),
    path("complaints/", complaint_views.complaint_queue, name="complaints"),
    path("complaints/<int:pk>/", complaint_views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/<slug:step>/", complaint_views.complaint_step, name="complaint_step"),
    path("attachments/<int:pk>/", complaint_views.attachment_download, name="attachment"),
]
