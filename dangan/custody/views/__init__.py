from .handover import (
    BatchConfirmView,
    BatchCreateView,
    BatchDetailView,
    BatchListView,
    BatchPdfView,
    BatchRemoveItemView,
    BatchScanView,
    BatchSendView,
    IncidentDetailView,
    IncidentListView,
)
from .imports import ImportMappingView, ImportUploadView
from .units import (
    AddUnitsView,
    ProjectCustodyView,
    ProjectListView,
    UnitDetailView,
    UnitEditView,
    UnitListView,
)

__all__ = [
    "AddUnitsView",
    "BatchConfirmView",
    "BatchCreateView",
    "BatchDetailView",
    "BatchListView",
    "BatchPdfView",
    "BatchRemoveItemView",
    "BatchScanView",
    "BatchSendView",
    "ImportMappingView",
    "ImportUploadView",
    "IncidentDetailView",
    "IncidentListView",
    "ProjectCustodyView",
    "ProjectListView",
    "UnitDetailView",
    "UnitEditView",
    "UnitListView",
]
