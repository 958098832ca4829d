from django.urls import path

from elections.views import campaigns, difficulties, directives, group, overdue, plan

app_name = "elections"
urlpatterns = [
    path("", campaigns.campaign_current, name="campaign_current"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/plan/", plan.plan, name="plan"),
    path("campaigns/<int:pk>/plan.pdf", plan.plan_pdf, name="plan_pdf"),
    path("campaigns/<int:campaign_pk>/directives/new/", directives.directive_create, name="directive_create"),
    path("plan/", plan.plan_current, name="plan_current"),
    path("legal-profiles/", campaigns.profile_list, name="profile_list"),
    path("legal-profiles/<int:pk>/edit/", campaigns.profile_edit, name="profile_edit"),
    path("directive/", directives.directive_current, name="directive_current"),
    path("directives/<int:pk>/", directives.directive_detail, name="directive_detail"),
    path("directives/<int:pk>/edit/", directives.directive_edit, name="directive_edit"),
    path("directives/<int:directive_pk>/tasks/new/", directives.task_create, name="task_create"),
    path("tasks/<int:pk>/edit/", directives.task_edit, name="task_edit"),
    path("tasks/<int:pk>/progress/", directives.task_progress, name="task_progress"),
    path("groups/<int:pk>/", group.group_election_detail, name="group_election_detail"),
    path("groups/<int:pk>/move/<slug:target>/", group.group_election_move, name="group_election_move"),
    path("overdue/", overdue.overdue, name="overdue"),
    path("difficulties/", difficulties.difficulty_list, name="difficulty_list"),
    path("difficulties/new/", difficulties.difficulty_create, name="difficulty_create"),
    path("difficulties/<int:pk>/", difficulties.difficulty_detail, name="difficulty_detail"),
]
