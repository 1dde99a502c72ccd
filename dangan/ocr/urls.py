from django.urls import path

from . import views

app_name = "ocr"

urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
    path("jobs/", views.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/progress/", views.JobProgressView.as_view(), name="job_progress"),
    path("projects/<int:project_pk>/", views.ProjectJobsView.as_view(), name="project_jobs"),
    path("units/<int:pk>/text/", views.UnitTextView.as_view(), name="unit_text"),
]
