from dangan.core.api import api_router

from . import views

api_router.register("archive-units", views.ArchiveUnitViewSet, basename="archive-unit")
api_router.register("project-units", views.ProjectUnitViewSet, basename="project-unit")
api_router.register("handover-batches", views.HandoverBatchViewSet, basename="handover-batch")
api_router.register("custody-incidents", views.CustodyIncidentViewSet, basename="custody-incident")
api_router.register("custody-reconciliation", views.ReconciliationViewSet, basename="custody-reconciliation")

urlpatterns: list = []
