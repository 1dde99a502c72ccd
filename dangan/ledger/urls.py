from django.urls import path

from . import views

urlpatterns = [
    path("", views.LedgerListView.as_view(), name="ledger_list"),
    path("<int:pk>/", views.LedgerDetailView.as_view(), name="ledger_detail"),
    path("verify/", views.LedgerVerifyView.as_view(), name="ledger_verify"),
    path("export/", views.LedgerExportView.as_view(), name="ledger_export"),
]
