from django.urls import path

from . import views

app_name = "acceptance"

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round_list"),
    path("projects/<int:project_pk>/", views.ProjectAcceptanceView.as_view(), name="project"),
    path("projects/<int:project_pk>/submit/", views.SubmitView.as_view(), name="submit"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/progress/", views.RoundProgressView.as_view(), name="round_progress"),
    path("rounds/<int:pk>/image/", views.RoundImageView.as_view(), name="round_image"),
    path("rounds/<int:pk>/decide/", views.DecideView.as_view(), name="decide"),
    path("rounds/<int:pk>/report.pdf", views.ReportPdfView.as_view(), name="report"),
    path("rounds/<int:pk>/ocr/", views.StartOcrView.as_view(), name="start_ocr"),
    path("samples/<int:pk>/", views.SampleReviewView.as_view(), name="sample_review"),
]
