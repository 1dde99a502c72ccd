from dangan.core.api import api_router

from . import views

api_router.register("ocr/jobs", views.OcrJobViewSet, basename="ocr-job")
api_router.register("ocr/page-texts", views.PageTextViewSet, basename="ocr-page-text")
api_router.register("search", views.SearchViewSet, basename="search")

urlpatterns: list = []
