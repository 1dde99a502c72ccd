from django.urls import path

from . import views

app_name = "custody"

urlpatterns = [
    path("", views.UnitListView.as_view(), name="unit_list"),
    path("units/add/", views.UnitEditView.as_view(), name="unit_add"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("units/import/", views.ImportUploadView.as_view(), name="import_upload"),
    path("units/import/<slug:token>/", views.ImportMappingView.as_view(), name="import_mapping"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<int:project_pk>/", views.ProjectCustodyView.as_view(), name="project"),
    path("projects/<int:project_pk>/units/add/", views.AddUnitsView.as_view(), name="project_add_units"),
    path("projects/<int:project_pk>/batches/add/", views.BatchCreateView.as_view(), name="batch_add"),
    path("batches/", views.BatchListView.as_view(), name="batch_list"),
    path("batches/<int:pk>/", views.BatchDetailView.as_view(), name="batch_detail"),
    path("batches/<int:pk>/scan/", views.BatchScanView.as_view(), name="batch_scan"),
    path(
        "batches/<int:pk>/items/<int:item_pk>/remove/",
        views.BatchRemoveItemView.as_view(),
        name="batch_remove",
    ),
    path("batches/<int:pk>/send/", views.BatchSendView.as_view(), name="batch_send"),
    path("batches/<int:pk>/confirm/", views.BatchConfirmView.as_view(), name="batch_confirm"),
    path("batches/<int:pk>/pdf/", views.BatchPdfView.as_view(), name="batch_pdf"),
    path("incidents/", views.IncidentListView.as_view(), name="incident_list"),
    path("incidents/<int:pk>/", views.IncidentDetailView.as_view(), name="incident_detail"),
]
