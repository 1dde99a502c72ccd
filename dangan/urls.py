from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from dangan.core.api import api_router

# Each app's api.urls registers its viewsets on the shared router when imported; list them all here.
API_URL_MODULES = [
    "dangan.accounts.api.urls",
    "dangan.ledger.api.urls",
    "dangan.providers.api.urls",
    "dangan.projects.api.urls",
    "dangan.custody.api.urls",
    "dangan.production.api.urls",
    "dangan.supervision.api.urls",
    "dangan.ocr.api.urls",
    "dangan.acceptance.api.urls",
]
api_patterns = [path("", include(module)) for module in API_URL_MODULES]

urlpatterns = [
    path("", include("dangan.accounts.urls")),
    path("ledger/", include("dangan.ledger.urls")),
    path("providers/", include("dangan.providers.urls")),
    path("projects/", include("dangan.projects.urls")),
    path("custody/", include("dangan.custody.urls")),
    path("production/", include("dangan.production.urls")),
    path("supervision/", include("dangan.supervision.urls")),
    path("ocr/", include("dangan.ocr.urls")),
    path("acceptance/", include("dangan.acceptance.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/", include(api_patterns)),
    path("api/", include(api_router.urls)),
]
