"""URL patterns of the count, result and recognition views (under ``election-day/``, beside the conference's)."""

from django.urls import path

from elections.count.views import count, notices, recognition, result

app_name = "count"
urlpatterns: list = [
    path("results/", result.results, name="results"),
    path("conference/<int:pk>/count/", count.count_entry, name="count_entry"),
    path("conference/<int:pk>/count/compare/", count.count_compare, name="count_compare"),
    path("conference/<int:pk>/count/resolve/", count.count_resolve, name="count_resolve"),
    path("conference/<int:pk>/result/", result.result, name="result"),
    path("conference/<int:pk>/seal/", result.seal, name="seal"),
    path("conference/<int:pk>/correct/", result.correct, name="correct"),
    path("conference/<int:pk>/revote/", result.revote, name="revote"),
    path("conference/<int:pk>/count-record.pdf", result.count_record_pdf, name="count_record_pdf"),
    path("group/<int:ge_pk>/revote-notice.pdf", notices.revote_notice_pdf, name="revote_notice_pdf"),
    path("group/<int:ge_pk>/decision-draft.pdf", notices.draft_decision_pdf, name="draft_decision_pdf"),
    path("group/<int:ge_pk>/decision/new/", recognition.decision_create, name="decision_create"),
    path("group/<int:ge_pk>/decision.pdf", recognition.decision_pdf, name="decision_pdf"),
]
