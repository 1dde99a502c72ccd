from dangan.core.api import api_router

from . import views

api_router.register("inspections", views.InspectionViewSet, basename="inspection")
api_router.register("findings", views.FindingViewSet, basename="finding")
api_router.register("rectifications", views.RectificationViewSet, basename="rectification")
api_router.register("incidents", views.IncidentViewSet, basename="incident")
api_router.register("notices", views.NoticeViewSet, basename="notice")
api_router.register("notifications", views.NotificationViewSet, basename="notification")
api_router.register("negative-list", views.NegativeListViewSet, basename="negative-list")

urlpatterns: list = []
