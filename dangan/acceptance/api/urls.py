from dangan.core.api import api_router

from .views import AcceptanceRoundViewSet, SampleItemViewSet

api_router.register("acceptance/rounds", AcceptanceRoundViewSet, basename="acceptance-round")
api_router.register("acceptance/samples", SampleItemViewSet, basename="acceptance-sample")

urlpatterns: list = []
