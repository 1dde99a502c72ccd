from django.urls import path

from . import regulator_views as rv
from . import views
from . import work_ledger_views as wl

app_name = "supervision"

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/add/", views.InspectionCreateView.as_view(), name="inspection_add"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("rectifications/", views.RectificationListView.as_view(), name="rectification_list"),
    path("rectifications/<int:pk>/", views.RectificationDetailView.as_view(), name="rectification_detail"),
    path("incidents/", views.IncidentListView.as_view(), name="incident_list"),
    path("incidents/add/", views.IncidentCreateView.as_view(), name="incident_add"),
    path("incidents/<int:pk>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("projects/<int:pk>/ledger/", wl.WorkLedgerView.as_view(), name="work_ledger"),
    path("projects/<int:pk>/ledger.<str:fmt>", wl.WorkLedgerExportView.as_view(), name="work_ledger_export"),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("regulator/", rv.RegulatorHomeView.as_view(), name="regulator_home"),
    path("regulator/export.xlsx", rv.RegulatorExportView.as_view(), name="regulator_export"),
    path("regulator/credit/", rv.CreditListView.as_view(), name="credit_list"),
    path("negative-list/", rv.NegativeListView.as_view(), name="negative_list"),
    path("public/negative-list/", rv.PublicNegativeListView.as_view(), name="public_negative_list"),
    path("notices/", rv.NoticeListView.as_view(), name="notice_list"),
    path("notices/add/", rv.NoticeCreateView.as_view(), name="notice_add"),
    path("notices/<int:pk>/", rv.NoticeDetailView.as_view(), name="notice_detail"),
    path("actions/", rv.ActionListView.as_view(), name="action_list"),
]
