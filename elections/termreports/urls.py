from django.urls import path

from elections.termreports import views

app_name = "termreports"
urlpatterns = [
    path("", views.compilation, name="compilation"),
    path("compilation.pdf", views.compilation_pdf, name="compilation_pdf"),
    path("group/<int:pk>/", views.detail, name="detail"),
    path("group/<int:pk>/write/", views.edit, name="edit"),
    path("group/<int:pk>/submit/", views.submit, name="submit"),
    path("group/<int:pk>/review/", views.review, name="review"),
    path("group/<int:pk>/accept/", views.accept, name="accept"),
    path("group/<int:pk>/return/", views.send_back, name="return"),
    path("group/<int:pk>/override/", views.override, name="override"),
    path("group/<int:pk>/override/withdraw/", views.override_withdraw, name="override_withdraw"),
    path("group/<int:pk>/report.pdf", views.report_pdf, name="pdf"),
]
