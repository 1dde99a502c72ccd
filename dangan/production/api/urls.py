from dangan.core.api import api_router

from . import views

api_router.register("production/events", views.StageEventViewSet, basename="production-event")
api_router.register("production/stats", views.ProductionStatsViewSet, basename="production-stats")

urlpatterns: list = []
