from django.urls import path

from . import views

app_name = "production"

urlpatterns = [
    path("", views.ProjectIndexView.as_view(), name="index"),
    path("projects/<int:project_pk>/", views.BoardView.as_view(), name="board"),
    path("projects/<int:project_pk>/stages/", views.StagesView.as_view(), name="stages"),
    path("projects/<int:project_pk>/stats/", views.StatsView.as_view(), name="stats"),
]
