from django.urls import path

from elections.conference.views import checkin, conference, notices, team

app_name = "conference"
urlpatterns: list = [
    path("", conference.index, name="index"),
    path("group/<int:ge_pk>/team/", team.team_page, name="team"),
    path("group/<int:ge_pk>/team/add/", team.team_member_create, name="team_member_add"),
    path("group/<int:ge_pk>/team/<int:member_pk>/remove/", team.team_member_delete, name="team_member_remove"),
    path("group/<int:ge_pk>/team/decision/", team.team_decision_save, name="team_decision"),
    path("group/<int:ge_pk>/team/decision.pdf", team.team_decision_pdf, name="team_decision_pdf"),
    path("group/<int:ge_pk>/conference/new/", conference.schedule, name="schedule"),
    path("group/<int:ge_pk>/invitations.pdf", notices.invitations_pdf, name="invitations_pdf"),
    path("conference/<int:pk>/", conference.detail, name="detail"),
    path("conference/<int:pk>/edit/", conference.edit, name="edit"),
    path("conference/<int:pk>/open/", conference.open_sitting, name="open"),
    path("conference/<int:pk>/open-vote/", conference.open_vote, name="open_vote"),
    path("conference/<int:pk>/adjourn/", conference.adjourn, name="adjourn"),
    path("conference/<int:pk>/board/add/", conference.board_member_create, name="board_member_add"),
    path(
        "conference/<int:pk>/board/<int:member_pk>/remove/", conference.board_member_delete, name="board_member_remove"
    ),
    path("conference/<int:pk>/minutes.pdf", conference.minutes_pdf, name="minutes_pdf"),
    path("conference/<int:pk>/minutes-scan/", conference.minutes_scan_upload, name="minutes_scan_upload"),
    path("conference/<int:pk>/minutes-scan/download/", conference.minutes_scan_download, name="minutes_scan"),
    path("conference/<int:pk>/check-in/", checkin.checkin_page, name="checkin"),
    path("conference/<int:pk>/check-in/search/", checkin.checkin_search, name="checkin_search"),
    path("conference/<int:pk>/check-in/head-count/", checkin.checkin_head_count, name="checkin_head_count"),
    path("conference/<int:pk>/check-in/quorum/", checkin.checkin_quorum, name="checkin_quorum"),
    path("conference/<int:pk>/check-in/<int:elector_pk>/", checkin.checkin_toggle, name="checkin_toggle"),
]
