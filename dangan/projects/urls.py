from django.urls import path

from . import views, workflow_views

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("add/", views.ProjectEditView.as_view(), name="project_add"),
    path("filings/", views.FilingListView.as_view(), name="project_filings"),
    path("filing-policies/", views.FilingPolicyListView.as_view(), name="project_filing_policies"),
    path("filing-policies/mine/", views.FilingPolicyEditView.as_view(), name="project_filing_policy_mine"),
    path(
        "filing-policies/<int:pk>/", views.FilingPolicyEditView.as_view(), name="project_filing_policy_edit"
    ),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("<int:pk>/transition/", views.TransitionView.as_view(), name="project_transition"),
    path(
        "<int:pk>/completion-report/", views.CompletionReportView.as_view(), name="project_completion_report"
    ),
    path("<int:pk>/operating-rules/", views.OperatingRulesView.as_view(), name="project_operating_rules"),
    path("<int:pk>/<slug:part>/add/", views.PartEditView.as_view(), name="project_part_add"),
    path("<int:pk>/<slug:part>/<int:item>/", views.PartEditView.as_view(), name="project_part_edit"),
    path(
        "<int:pk>/<slug:part>/<int:item>/delete/", views.PartDeleteView.as_view(), name="project_part_delete"
    ),
    path("<int:pk>/selection/", workflow_views.SelectionView.as_view(), name="project_selection"),
    path("<int:pk>/contract/", workflow_views.ContractView.as_view(), name="project_contract"),
    path("<int:pk>/evaluation/", workflow_views.EvaluationView.as_view(), name="project_evaluation"),
    path("<int:pk>/staff/", workflow_views.StaffAssignView.as_view(), name="project_staff"),
    path("<int:pk>/checklist/", workflow_views.ChecklistView.as_view(), name="project_checklist"),
    path("<int:pk>/checklist.pdf", workflow_views.ChecklistPdfView.as_view(), name="project_checklist_pdf"),
]
