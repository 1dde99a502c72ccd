from dangan.core.api import api_router

from . import views

api_router.register("ledger/entries", views.LedgerEntryViewSet, basename="ledger-entry")

urlpatterns: list = []
