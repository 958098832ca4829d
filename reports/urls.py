from django.urls import include, path

from reports import views

# The dashboards, the summary and the batch-printing pages, under /reports/ and the "reports" namespace.
report_patterns = [
    path("", views.dashboard, name="dashboard"),
    path("groups/", views.group_table, name="groups"),
    path("cells/", views.cell_picker, name="cell_picker"),
    path("summary/", views.summary, name="summary"),
    path("summary/report.pdf", views.summary_pdf, name="summary_pdf"),
    path("summary/results.csv", views.summary_csv, name="summary_csv"),
    path("summary/results.xlsx", views.summary_xlsx, name="summary_xlsx"),
    path("printing/", views.print_jobs, name="print_jobs"),
    path("printing/<int:pk>/", views.print_job, name="print_job"),
    path("printing/<int:pk>/progress/", views.print_job_progress, name="print_job_progress"),
    path("printing/<int:pk>/download/", views.print_job_download, name="print_job_download"),
    path("printing/<int:pk>/restart/", views.print_job_restart_view, name="print_job_restart"),
]

# Included at the site's root (config/urls.py): the home page keeps "/" and its un-namespaced name "home".
urlpatterns: list = [
    path("", views.home, name="home"),
    path("reports/", include((report_patterns, "reports"))),
]
